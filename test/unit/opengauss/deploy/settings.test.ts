import { describe, expect, it } from 'vitest';
import { UserError } from '../../../../src/errors.js';
import { resolveVars } from '../../../../src/expr/index.js';
import { loadDefaults } from '../../../../src/opengauss/deploy/role.js';
import { settingsFrom } from '../../../../src/opengauss/deploy/settings.js';

describe('deploy settings come from the role defaults only', () => {
  it('reads every value from roles/opengauss/defaults/main.yml', () => {
    const s = settingsFrom(resolveVars(loadDefaults()));
    expect(s).toMatchObject({ home: '/opt/openGauss', userName: 'omm', dataPortBase: 15400, locale: 'en_US.utf8', minDiskMb: 2048 });
    expect(s.paths.dataPath).toBe('/opt/openGauss/data');
  });
  it('has no second copy of them: without the role defaults a setting is an error', () => {
    expect(() => settingsFrom({})).toThrow(UserError);
    expect(() => settingsFrom({})).toThrow(/opengauss_home/);
    const { opengauss_env: env, ...rest } = resolveVars(loadDefaults()) as Record<string, Record<string, unknown>>;
    const { dataPortBase: _gone, ...envWithout } = env!;
    expect(() => settingsFrom({ ...rest, opengauss_env: envWithout })).toThrow(/opengauss_env.dataPortBase/);
  });
});
