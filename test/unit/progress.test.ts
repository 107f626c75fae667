import test from 'ava';
import { Progress } from '../../src/cli/progress.js';
import type { PairResult } from '../../src/model/result.js';

function fakeStream(tty: boolean) {
  const out: string[] = [];
  return { out, stream: { isTTY: tty, write: (s: string) => { out.push(s); return true; } } as unknown as NodeJS.WriteStream };
}

const pair = (status: PairResult['status']): PairResult => ({ id: 'x', src: 'a', dst: 'b', status, mismatches: [] });

test('not a terminal: a plain line every few seconds with counts, rate and ETA', (t) => {
  let now = 0;
  const { out, stream } = fakeStream(false);
  const p = new Progress({ total: 100, stream, plainEvery: 5, now: () => now });
  for (let i = 0; i < 50; i++) { now = i * 0.2; p.add(pair(i % 10 === 0 ? 'incompatible' : 'compatible')); }
  t.is(out.length, 1, out.join('|'));
  t.regex(out[0], /^abi-diff: 26\/100 pairs \(26%\), 5 pairs\/s, ETA 14s, 3 incompatible, 0 not checked\n$/);
});

test('terminal: one line rewritten in place and cleared at the end', (t) => {
  let now = 0;
  const { out, stream } = fakeStream(true);
  const p = new Progress({ total: 3, stream, now: () => now });
  for (let i = 0; i < 3; i++) { now += 1; p.add(pair('error')); }
  p.finish();
  t.true(out.every((s) => s.startsWith('\r\x1b[2K')));
  t.regex(out[out.length - 2], /3\/3 pairs \(100%\).*3 not checked/);
  t.is(out[out.length - 1], '\r\x1b[2K');
});

test('total not known yet: counts and rate, no percentage or ETA until the count arrives', (t) => {
  let now = 0;
  const { out, stream } = fakeStream(false);
  const p = new Progress({ stream, plainEvery: 5, now: () => now });
  for (let i = 0; i < 30; i++) { now = i * 0.2; p.add(pair('compatible')); }
  t.is(out.length, 1);
  t.is(out[0], 'abi-diff: 26 pairs (counting them), 5 pairs/s, 0 incompatible, 0 not checked\n');
  p.setTotal(100);
  for (let i = 30; i < 60; i++) { now = i * 0.2; p.add(pair('compatible')); }
  t.regex(out[1], /^abi-diff: 51\/100 pairs \(51%\), 5 pairs\/s, ETA 10s, 0 incompatible, 0 not checked\n$/);
  // files added after the count: never past 100 %
  p.setTotal(40);
  now = 20;
  p.add(pair('compatible'));
  t.regex(out[2], /61\/40 pairs \(100%\), \d+ pairs\/s, ETA 0s/);
});
