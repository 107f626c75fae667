import test from 'ava';
import { parseXmlDocument } from '../../src/parse/xml-tree.js';

test('character references and predefined entities are decoded; CDATA is literal', (t) => {
  const d = parseXmlDocument(`<domain a="&#65;&#x42;&lt;&amp;"><name>g&#65;&quot;</name><t><![CDATA[a&b]]></t></domain>`);
  t.is(d.attrs.a, 'AB<&');
  t.is(d.children[0].text, 'gA"');
  t.is(d.children[1].text, 'a&b');
});

test('text is the XPath string-value, descendants included', (t) => {
  t.is(parseXmlDocument('<domain><name>gu<b>es</b>t</name></domain>').children[0].text, 'guest');
});

test('what libxml2 refuses is a parse error', (t) => {
  for (const xml of ['<domain a="&#1;"/>', '<domain a="&foo;"/>', '<domain a="a & b"/>', '<domain a="\x01"/>', '<domain>', 'not xml', '<a/><b/>']) {
    t.throws(() => parseXmlDocument(xml), { message: /^XML error: / }, xml);
  }
});
