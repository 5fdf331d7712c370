/**
 * gs_expansion / cm_install output judged from their lines (docs/opengauss.md §5.3, §5.9), with
 * the samples' shapes: exact addresses, a missing host is a failure, "CM exists" is success.
 */
import { describe, expect, it } from 'vitest';
import { cmInstallOutcome, expansionFailure, parseExpansionResults } from '../../../src/opengauss/status/om-results.js';

const OK =
  'Start expansion without cluster manager component.\nStart to install database on new nodes.\n\nExpansion results:\n192.168.122.68:\tSuccess\nExpansion Finish.\n';

describe('gs_expansion results', () => {
  it('reads the ip: result lines after "Expansion results:"', () => {
    expect([...parseExpansionResults(OK)]).toEqual([['192.168.122.68', 'Success']]);
    expect(expansionFailure(OK, 0, ['192.168.122.68'], '/var/log/omm/om')).toBeUndefined();
  });

  it('a Failure fails whatever the exit code, naming the host and the OM log', () => {
    const out = OK.replace('Success', 'Success\n192.168.122.69:\tFailure');
    const msg = expansionFailure(out, 0, ['192.168.122.68', '192.168.122.69'], '/var/log/omm/om');
    expect(msg).toContain('(192.168.122.69: Failure; exit 0)');
    expect(msg).toContain('/var/log/omm/om/gs_expansion-*.log');
  });

  it('a host missing from the results (or no results at all) is a failure; addresses compare exactly', () => {
    expect(expansionFailure(OK, 0, ['192.168.122.6'], '/l')).toContain('192.168.122.6: no result');
    expect(expansionFailure('[GAUSS-35703] : The host 10.0.0.2 is not a DN node in the XML file.', 1, ['10.0.0.2'], '/l')).toContain('exit 1');
    expect(parseExpansionResults('192.168.1.1:\tSuccess\n').size).toBe(0); // only after the heading
  });
});

describe('cm_install outcome', () => {
  it('success needs the line and a zero exit', () => {
    expect(cmInstallOutcome('Start to install cm tool.\nInstall CM tool success.\n', 0)).toEqual({ ok: true, alreadyInstalled: false, termWarning: false });
    expect(cmInstallOutcome('Install CM tool success.\n', 1).ok).toBe(false);
    expect(cmInstallOutcome('The cluster is unavailable currently.\n', 1).ok).toBe(false);
  });

  it('"CM exists in current cluster." means installed, even with an error exit', () => {
    expect(cmInstallOutcome('[GAUSS-53000] CM exists in current cluster.\n', 1)).toEqual({ ok: true, alreadyInstalled: true, termWarning: false });
  });

  it('the non-maximal term warning after success is reported', () => {
    expect(cmInstallOutcome('Install CM tool success.\nTerm of primary is invalid or not maximal.\n', 0)).toEqual({
      ok: true,
      alreadyInstalled: false,
      termWarning: true,
    });
  });
});
