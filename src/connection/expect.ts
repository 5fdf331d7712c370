/**
 * The prompt matcher behind `ExecOptions.expect`: fed the program's output as it arrives, it
 * says which answers to type. Pure, so it is unit-tested without a PTY. Answers are secrets:
 * the matcher never puts them in its error texts.
 */
import type { ExpectRule } from './transport.js';

export interface ExpectStep {
  /** Lines to write to the program (each answer followed by a newline). */
  writes: string[];
  /** Set when a prompt came back after its rule ran out of answers: stop the program. */
  error?: string;
}

interface Rule {
  re: RegExp;
  answer: string;
  left: number;
  source: string;
}

export class ExpectMatcher {
  private readonly rules: Rule[];
  /** Output seen since the last answer; prompts are matched only against this. */
  private pending = '';

  constructor(rules: readonly ExpectRule[]) {
    this.rules = rules.map((r) => ({
      re: new RegExp(r.prompt, r.flags ?? 'm'),
      answer: r.answer,
      left: r.times ?? Number.POSITIVE_INFINITY,
      source: r.prompt,
    }));
  }

  /** Feed new output; returns the answers to write now (in order). */
  feed(text: string): ExpectStep {
    this.pending += text;
    const writes: string[] = [];
    for (;;) {
      // The earliest prompt in the pending output wins, so answers follow the program's order.
      let best: { rule: Rule; end: number; start: number } | undefined;
      for (const rule of this.rules) {
        const m = rule.re.exec(this.pending);
        if (!m) continue;
        // At the same position a rule with answers left beats a spent one: the expect module
        // gives a list of answers for one prompt as several rules with times: 1.
        const better = best === undefined || m.index < best.start || (m.index === best.start && best.rule.left <= 0 && rule.left > 0);
        if (better) best = { rule, start: m.index, end: m.index + m[0].length };
      }
      if (!best) return { writes };
      if (best.rule.left <= 0) {
        return { writes, error: `expect: the prompt /${best.rule.source}/ appeared again after its answers ran out` };
      }
      best.rule.left--;
      writes.push(`${best.rule.answer}\n`);
      this.pending = this.pending.slice(best.end);
    }
  }
}

/** Replace every occurrence of each secret in `text` (programs may echo what was typed). */
export function maskSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) if (s.length > 0) out = out.split(s).join('********');
  return out;
}
