import test from 'ava';
import { parseMac, parseMemoryKiB, parseUuid, strToInt, strToUInt, strToUIntPositive } from '../../src/parse/values.js';

test('base 0 numbers: hex, octal, decimal, whole string only', (t) => {
  t.is(strToUIntPositive('0x1f', 0), 31);
  t.is(strToUIntPositive('010', 0), 8);
  t.is(strToUIntPositive('31', 0), 31);
  t.is(strToUIntPositive(' 7', 0), 7);
  t.is(strToUIntPositive('08', 0), undefined);
  t.is(strToUIntPositive('0x', 0), undefined);
  t.is(strToUIntPositive('1 ', 0), undefined);
  t.is(strToUIntPositive('-1', 0), undefined);
  t.is(strToUInt('-1', 10), 4294967295);
  t.is(strToInt('-5', 10), -5);
  t.is(strToInt('2147483648', 10), undefined);
});

test('memory units: binary, decimal, bytes rounded up to KiB', (t) => {
  t.is(parseMemoryKiB('8', 'GiB', 'memory', true), 8388608n);
  t.is(parseMemoryKiB('8', 'g', 'memory', true), 8388608n);
  t.is(parseMemoryKiB('8', 'GB', 'memory', true), 7812500n);
  t.is(parseMemoryKiB('1025', 'b', 'memory', true), 2n);
  t.is(parseMemoryKiB('1024', undefined, 'memory', true), 1024n);
  t.is(parseMemoryKiB(undefined, undefined, 'memory', false), undefined);
  t.throws(() => parseMemoryKiB('1', 'KiBB', 'memory', true), { message: "invalid argument: unknown suffix 'KiBB'" });
  t.throws(() => parseMemoryKiB('x', undefined, './memory[1]', true), { message: "XML error: Invalid value 'x' for element or attribute './memory[1]'" });
});

test('uuid spellings libvirt accepts compare equal', (t) => {
  const canon = 'c7a5fdbd-edaf-9455-926a-d65c16db1809';
  t.is(parseUuid(canon), canon);
  t.is(parseUuid('C7A5FDBDEDAF9455926AD65C16DB1809'), canon);
  t.is(parseUuid('  c7 a5 fd bd ed af 94 55 92 6a d6 5c 16 db 18 09 '), canon);
  t.is(parseUuid('c7a5fdbd-edaf-9455-926a-d65c16db18'), undefined);
  t.is(parseUuid('c7a5fdbd-edaf-9455-926a-d65c16db1809x'), undefined);
});

test('MAC spellings libvirt accepts compare equal', (t) => {
  t.is(parseMac('52:54:00:6B:3C:58'), '52:54:00:6b:3c:58');
  t.is(parseMac('52:54:0:6b:3c:8'), '52:54:00:6b:3c:08');
  t.is(parseMac('52:54:00:6b:3c'), undefined);
  t.is(parseMac('52:54:00:6b:3c:580'), undefined);
});
