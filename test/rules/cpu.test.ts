// Guest CPU (virCPUDefIsEqual) and <cpu> parsing, post-parse and topology validation; every
// expectation below is the real libvirt's answer (abi-oracle 9.0.0 / 11.3.0 / 12.8.0).
import { domainXml, ruleTable, type RuleCase } from '../helpers/rule-table.js';

const ALL = ['9.0.0', '11.3.0', '12.8.0'];
const NEWER = ['11.3.0', '12.8.0'];
const U = 'unsupported configuration: ';

const c = (cpu: string) => domainXml({ body: cpu, vcpu: '<vcpu>8</vcpu>' });
const bare = c('<cpu/>');
const nocpu = c('');
const hp = (inner: string, attrs = '') => c(`<cpu mode='host-passthrough'${attrs}>${inner}</cpu>`);
const model = (inner = '', attrs = '', modelEl = '<model>qemu64</model>') => c(`<cpu${attrs}>${modelEl}${inner}</cpu>`);
const topo = (attrs: string) => c(`<cpu><topology ${attrs}/></cpu>`);

function incompat(name: string, src: string, dst: string, message: string, rule: string, profiles = ALL): RuleCase {
  return { name, src, dst, expect: U + message, rule, profiles };
}
function compat(name: string, src: string, dst: string, profiles = ALL): RuleCase {
  return { name, src, dst, expect: null, profiles };
}
function invalid(name: string, dst: string, error: string, profiles = ALL, src = bare): RuleCase {
  return { name, src, dst, expect: { error }, profiles };
}

const cases: RuleCase[] = [
  compat('no cpu on either side', nocpu, nocpu),
  compat('empty model is no model', c('<cpu><model></model></cpu>'), bare),
  compat('empty vendor is no vendor', model(), model('<vendor></vendor>')),
  compat('match not compared', model('', " match='exact'"), model('', " match='strict'")),
  compat('fallback not compared', model(), model('', '', "<model fallback='forbid'>qemu64</model>")),
  compat('migratable not compared', hp('', " migratable='on'"), hp('', " migratable='off'")),
  compat('maximum accepts migratable', c("<cpu mode='maximum'/>"), c("<cpu mode='maximum' migratable='on'/>")),
  compat('deprecated_features not compared', c("<cpu mode='host-model'/>"), c("<cpu mode='host-model' deprecated_features='off'/>")),
  compat("explicit check='default'", model(), model('', " check='default'")),
  compat('policy defaults to require', model("<feature name='a' policy='require'/>"), model("<feature name='a'/>")),
  compat('vendor_id ignored for host-passthrough', hp(''), hp("<model vendor_id='abc'/>")),
  compat('host arch element ignored', bare, c('<cpu><arch>x86_64</arch></cpu>')),
  compat('dies default to 1', topo("sockets='1' cores='2' threads='2'"), topo("sockets='1' dies='1' cores='2' threads='2'")),
  compat('clusters default to 1', topo("sockets='1' dies='1' cores='2' threads='2'"), topo("sockets='1' dies='1' clusters='1' cores='2' threads='2'")),
  compat('topology counts are decimal (leading zero)', topo("sockets='2' cores='2' threads='2'"), topo("sockets='02' cores='2' threads='2'")),
  compat('only the first topology counts', topo("sockets='2' cores='2' threads='2'"), c("<cpu><topology sockets='2' cores='2' threads='2'/><topology sockets='4' cores='2' threads='2'/></cpu>")),
  compat('only the first model counts', c('<cpu><model>a</model></cpu>'), c('<cpu><model>a</model><model>b</model></cpu>')),
  compat('only the first cpu counts', c('<cpu><model>a</model></cpu>'), c('<cpu><model>a</model></cpu><cpu><model>b</model></cpu>')),
  compat('maxphysaddr limit not compared', hp("<maxphysaddr mode='passthrough'/>"), hp("<maxphysaddr mode='passthrough' limit='39'/>")),
  compat('maxphysaddr limit ignored by 9.0.0', hp("<maxphysaddr mode='passthrough'/>"), hp("<maxphysaddr mode='passthrough' limit='0x10'/>"), ['9.0.0']),
  compat('second maxphysaddr ignored', hp("<maxphysaddr mode='passthrough'/>"), hp("<maxphysaddr mode='passthrough'/><maxphysaddr mode='emulate'/>")),

  incompat('cpu added', nocpu, bare, 'Target CPU does not match source', 'cpu/presence'),
  incompat('cpu removed', bare, nocpu, 'Target CPU does not match source', 'cpu/presence'),
  incompat('mode', model(), hp(''), 'Target CPU mode host-passthrough does not match source custom', 'cpu/mode'),
  incompat('mode host-model', c("<cpu mode='host-model'/>"), c("<cpu mode='maximum'/>"), 'Target CPU mode maximum does not match source host-model', 'cpu/mode'),
  incompat('check', model('', " check='none'"), model('', " check='full'"), 'Target CPU check full does not match source none', 'cpu/check'),
  incompat('check added on host-model', c("<cpu mode='host-model'/>"), c("<cpu mode='host-model' check='partial'/>"), 'Target CPU check partial does not match source default', 'cpu/check'),
  incompat('model', model(), model('', '', '<model>qemx64</model>'), 'Target CPU model qemx64 does not match source qemu64', 'cpu/model'),
  incompat('model text is not trimmed', model(), model('', '', '<model> qemu64</model>'), 'Target CPU model  qemu64 does not match source qemu64', 'cpu/model'),
  incompat('model added to host-passthrough', hp(''), hp('<model>qemu64</model>'), 'Target CPU model qemu64 does not match source <null>', 'cpu/model'),
  incompat('host-model keeps its model', c("<cpu mode='host-model'/>"), c("<cpu mode='host-model'><model vendor_id='GenuineIntel'>x</model></cpu>"), 'Target CPU model x does not match source <null>', 'cpu/model'),
  incompat('vendor', model('<vendor>Intel</vendor>'), model('<vendor>AMD</vendor>'), 'Target CPU vendor AMD does not match source Intel', 'cpu/vendor'),
  incompat('vendor removed', model('<vendor>IBM</vendor>'), model(), 'Target CPU vendor <null> does not match source IBM', 'cpu/vendor'),
  incompat('vendor_id removed', model('', '', "<model vendor_id='Libvirt QEMU'>qemu64</model>"), model(), 'Target CPU vendor id <null> does not match source Libvirt QEMU', 'cpu/vendor-id'),
  incompat('topology added', bare, topo("sockets='2' cores='2' threads='2'"), 'Target CPU sockets 2 does not match source 0', 'cpu/sockets'),
  incompat('sockets printed as int', topo("sockets='2147483648' cores='1' threads='1'"), topo("sockets='2147483647' cores='1' threads='1'"), 'Target CPU sockets 2147483647 does not match source -2147483648', 'cpu/sockets'),
  incompat('dies', topo("sockets='1' dies='1' cores='2' threads='2'"), topo("sockets='1' dies='2' cores='2' threads='2'"), 'Target CPU dies 2 does not match source 1', 'cpu/dies'),
  incompat('clusters (10.1+)', topo("sockets='1' dies='1' cores='2' threads='2'"), topo("sockets='1' dies='1' clusters='2' cores='2' threads='1'"), 'Target CPU clusters 2 does not match source 1', 'cpu/clusters', NEWER),
  incompat('clusters ignored by 9.0.0', topo("sockets='1' dies='1' cores='2' threads='2'"), topo("sockets='1' dies='1' clusters='2' cores='2' threads='1'"), 'Target CPU threads 1 does not match source 2', 'cpu/threads', ['9.0.0']),
  incompat('cores', topo("sockets='1' cores='2' threads='2'"), topo("sockets='1' cores='4' threads='2'"), 'Target CPU cores 4 does not match source 2', 'cpu/cores'),
  incompat('threads', topo("sockets='1' cores='2' threads='2'"), topo("sockets='1' cores='2' threads='1'"), 'Target CPU threads 1 does not match source 2', 'cpu/threads'),
  incompat('maxphysaddr bits', hp("<maxphysaddr mode='emulate' bits='42'/>"), hp("<maxphysaddr mode='emulate' bits='43'/>"), 'Target CPU maxphysaddr does not match source', 'cpu/maxphysaddr'),
  incompat('maxphysaddr explicit zero bits', hp("<maxphysaddr mode='passthrough'/>"), hp("<maxphysaddr mode='passthrough' bits='0'/>"), 'Target CPU maxphysaddr does not match source', 'cpu/maxphysaddr'),
  incompat('feature added to host-model', c("<cpu mode='host-model'/>"), c("<cpu mode='host-model'><feature name='x'/></cpu>"), 'Target CPU feature count 1 does not match source 0', 'cpu/feature-count'),
  incompat('feature renamed', model("<feature name='x'/>"), model("<feature name=' x'/>"), 'Target CPU feature  x does not match source x', 'cpu/feature-name'),
  incompat('features compared in order', model("<feature name='a'/><feature name='b'/>"), model("<feature name='b'/><feature name='a'/>"), 'Target CPU feature b does not match source a', 'cpu/feature-name'),
  incompat('feature policy', model("<feature policy='require' name='a'/>"), model("<feature policy='disable' name='a'/>"), 'Target CPU feature policy disable does not match source require', 'cpu/feature-policy'),
  incompat('cache level dropped', c("<cpu><cache mode='emulate' level='3'/></cpu>"), c("<cpu><cache mode='emulate'/></cpu>"), 'Target CPU cache does not match source', 'cpu/cache'),
  incompat('cache mode', c("<cpu><cache mode='disable'/></cpu>"), c("<cpu><cache mode='passthrough'/></cpu>"), 'Target CPU cache does not match source', 'cpu/cache'),
  incompat('mode before features', model("<feature name='a'/>"), c("<cpu mode='host-model'/>"), 'Target CPU mode host-model does not match source custom', 'cpu/mode'),

  invalid('check without a model', c("<cpu check='none'/>"), 'unsupported configuration: check attribute specified for CPU with no model'),
  invalid('bad check', c("<cpu check='foo'/>"), "XML error: Invalid value for attribute 'check' in element 'cpu': 'foo'."),
  invalid('bad match', c("<cpu match='foo'/>"), "XML error: Invalid value for attribute 'match' in element 'cpu': 'foo'."),
  invalid('bad mode', c("<cpu mode='foo'/>"), "unsupported configuration: Invalid mode attribute 'foo'"),
  invalid('migratable on custom', c("<cpu migratable='on'/>"), "unsupported configuration: Attribute migratable is only allowed for 'host-passthrough' / 'maximum' CPU mode"),
  invalid('bad migratable', hp('', " migratable='foo'"), "XML error: Invalid value for attribute 'migratable' in element 'cpu': 'foo'."),
  invalid('bad deprecated_features', c("<cpu mode='host-model' deprecated_features='foo'/>"), "XML error: Invalid value for attribute 'deprecated_features' in element 'cpu': 'foo'.", NEWER),
  invalid('bad fallback', model('', '', "<model fallback='foo'>qemu64</model>"), 'unsupported configuration: Invalid fallback attribute'),
  invalid('vendor_id length', model('', '', "<model vendor_id='abc'>qemu64</model>"), 'XML error: vendor_id must be exactly 12 characters long'),
  invalid('vendor_id with a comma', model('', '', "<model vendor_id='abcdefghij,l'>qemu64</model>"), 'XML error: vendor id is invalid'),
  invalid('vendor without model', c('<cpu><vendor>Intel</vendor></cpu>'), 'XML error: CPU vendor specified without CPU model'),
  invalid('vendor without model on host-passthrough', hp('<vendor>Intel</vendor>'), 'XML error: CPU vendor specified without CPU model'),
  invalid('features without model', c("<cpu><feature name='x'/></cpu>"), 'XML error: Non-empty feature list specified without CPU model'),
  invalid('feature without name', model("<feature policy='require'/>"), 'XML error: Invalid CPU feature name'),
  invalid('feature with empty name', model("<feature name=''/>"), 'XML error: Invalid CPU feature name'),
  invalid('duplicate feature', model("<feature name='a'/><feature name='a'/>"), "XML error: CPU feature 'a' specified more than once"),
  invalid('bad feature policy', model("<feature name='a' policy='x'/>"), 'unsupported configuration: Invalid CPU feature policy'),
  invalid('bad feature policy on host-passthrough', hp("<feature name='a' policy='bogus'/>"), 'unsupported configuration: Invalid CPU feature policy'),
  invalid('missing sockets', topo("cores='2' threads='2'"), "XML error: Missing required attribute 'sockets' in element 'topology'"),
  invalid('missing cores', topo("sockets='2' threads='2'"), "XML error: Missing required attribute 'cores' in element 'topology'"),
  invalid('missing threads', topo("sockets='2' cores='2'"), "XML error: Missing required attribute 'threads' in element 'topology'"),
  invalid('zero sockets', topo("sockets='0' cores='2' threads='2'"), "XML error: Invalid value for attribute 'sockets' in element 'topology': Zero is not permitted"),
  invalid('negative sockets', topo("sockets='-1' cores='2' threads='2'"), "XML error: Invalid value for attribute 'sockets' in element 'topology': '-1'. Expected non-negative integer value"),
  invalid('hex sockets', topo("sockets='0x2' cores='2' threads='2'"), "XML error: Invalid value for attribute 'sockets' in element 'topology': '0x2'. Expected non-negative integer value"),
  invalid('zero dies', topo("sockets='1' dies='0' cores='2' threads='2'"), "XML error: Invalid value for attribute 'dies' in element 'topology': Zero is not permitted"),
  invalid('zero clusters (10.1+)', topo("sockets='1' dies='1' clusters='0' cores='2' threads='2'"), "XML error: Invalid value for attribute 'clusters' in element 'topology': Zero is not permitted", NEWER),
  invalid('topology overflow', topo("sockets='65536' cores='65536' threads='2'"), 'unsupported configuration: cpu topology results in more than 4294967295 cpus'),
  invalid('topology overflow with clusters (10.1+)', topo("sockets='65536' clusters='65536' cores='1' threads='1'"), 'unsupported configuration: cpu topology results in more than 4294967295 cpus', NEWER),
  invalid('two caches', c("<cpu><cache mode='emulate' level='3'/><cache mode='passthrough'/></cpu>"), 'XML error: at most one CPU cache element may be specified'),
  invalid('cache level 0', c("<cpu><cache mode='emulate' level='0'/></cpu>"), 'XML error: invalid CPU cache level, must be in range [1,3]'),
  invalid('cache level 4', c("<cpu><cache mode='emulate' level='4'/></cpu>"), 'XML error: invalid CPU cache level, must be in range [1,3]'),
  invalid('negative cache level', c("<cpu><cache mode='emulate' level='-1'/></cpu>"), "XML error: Invalid value for attribute 'level' in element 'cache': '-1'. Expected non-negative value"),
  invalid('hex cache level', c("<cpu><cache mode='emulate' level='0x3'/></cpu>"), "XML error: Invalid value for attribute 'level' in element 'cache': '0x3'. Expected integer value"),
  invalid('cache needs a mode', c("<cpu><cache level='3'/></cpu>"), "XML error: Missing required attribute 'mode' in element 'cache'"),
  invalid('bad cache mode', c("<cpu><cache mode='foo'/></cpu>"), "XML error: Invalid value for attribute 'mode' in element 'cache': 'foo'."),
  invalid('maxphysaddr needs a mode', hp("<maxphysaddr bits='43'/>"), "XML error: Missing required attribute 'mode' in element 'maxphysaddr'"),
  invalid('bad maxphysaddr mode', hp("<maxphysaddr mode='foo'/>"), "XML error: Invalid value for attribute 'mode' in element 'maxphysaddr': 'foo'."),
  invalid('negative maxphysaddr bits', hp("<maxphysaddr mode='emulate' bits='-1'/>"), "XML error: Invalid value for attribute 'bits' in element 'maxphysaddr': '-1'. Expected non-negative value"),
  invalid('hex maxphysaddr bits', hp("<maxphysaddr mode='passthrough' bits='0x10'/>"), "XML error: Invalid value for attribute 'bits' in element 'maxphysaddr': '0x10'. Expected integer value"),
  invalid('maxphysaddr limit needs passthrough', hp("<maxphysaddr mode='emulate' bits='42' limit='40'/>"), "unsupported configuration: attribute 'limit' is only supported for maxphysaddr mode 'passthrough'", NEWER),
  invalid('bad maxphysaddr limit', hp("<maxphysaddr mode='passthrough' limit='x'/>"), "XML error: Invalid value for attribute 'limit' in element 'maxphysaddr': 'x'. Expected non-negative integer value", NEWER),
  invalid('cpu error reported before a features error', domainXml({ body: "<features><capabilities policy='force'/></features><cpu><feature name='x'/></cpu>" }), 'XML error: Non-empty feature list specified without CPU model'),
];

ruleTable('cpu', cases);
