// The Pod Security fixtures of __tests__/fixtures/pss, generated in the upstream PSA style
// (rules.md §5): for each level and each policy version where a check of that level changes, a
// minimal valid pod (pass/base.yaml) and, per check, single-mutation pods named
// <lowercased check id><n>.yaml under pass/ (valid edge cases, including pods a check that does
// not exist yet at that version would refuse) or fail/ (pods that break exactly that check).
//
// The expectations are written here from the PSA sources (policy/check_*.go), independently of
// the Rego rules they test. Every fail fixture starts with a `# expect:` comment listing the
// field paths the gate must report. fixtures.test.ts regenerates everything and fails when the
// committed files differ; `UPDATE_PSS_FIXTURES=1 npx vitest run __tests__/pss` rewrites them.
import yaml from 'js-yaml';

export type Level = 'baseline' | 'restricted';

/** Policy versions written per level: v1.0, every version where a check of the level changes, latest. */
export const VERSIONS: Record<Level, string[]> = {
  baseline: ['v1.0', 'v1.19', 'v1.27', 'v1.29', 'v1.31', 'v1.32', 'v1.34', 'v1.35', 'latest'],
  restricted: ['v1.0', 'v1.8', 'v1.19', 'v1.22', 'v1.23', 'v1.25', 'v1.27', 'v1.29', 'v1.31', 'v1.32', 'v1.34', 'v1.35', 'latest'],
};

/** The newest policy version (what latest resolves to). */
export const NEWEST = 35;

/** The minor version a version string stands for. */
export function minor(version: string): number {
  return version === 'latest' ? NEWEST : Math.min(Number(version.slice(3)), NEWEST);
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Obj = { [key: string]: Json };

export interface Pod {
  apiVersion: 'v1';
  kind: 'Pod';
  metadata: { name: string; annotations?: Record<string, string> };
  spec: Obj & { initContainers: Obj[]; containers: Obj[]; ephemeralContainers?: Obj[]; volumes?: Obj[] };
}

interface Case {
  /** What the mutation does, written as a comment at the top of the fixture. */
  what: string;
  mutate: (pod: Pod) => void;
  /** For fail cases: the field paths the gate reports (formatted like fieldPath). */
  expect?: string[];
}

interface CheckCases {
  pass: Case[];
  fail: Case[];
}

interface CheckDef {
  id: string;
  level: Level;
  /** MinimumVersion minors of the check's revisions. */
  versions: number[];
  /** Baseline checks this restricted check replaces. */
  overrides?: string[];
  /** The cases at a level and minor where the check runs. */
  cases: (level: Level, v: number) => CheckCases;
  /** Pods the check would refuse that pass because the check does not exist yet at minor v. */
  before?: (level: Level, v: number) => Case[];
}

const IMAGE = 'registry.k8s.io/pause';
const C = 'spec.containers[0]';
const I = 'spec.initContainers[0]';

/** The security context every container of the minimal pod carries. */
function containerSC(level: Level, v: number): Obj {
  if (level === 'baseline') return {};
  const sc: Obj = {};
  if (v >= 8) sc.allowPrivilegeEscalation = false;
  if (v >= 22) sc.capabilities = { drop: ['ALL'] };
  return sc;
}

/** The minimal valid pod of a level at minor v. */
export function basePod(level: Level, v: number): Pod {
  const container = (name: string): Obj => {
    const c: Obj = { name, image: IMAGE };
    const sc = containerSC(level, v);
    if (Object.keys(sc).length > 0) c.securityContext = sc;
    return c;
  };
  const spec: Pod['spec'] = { initContainers: [container('initcontainer1')], containers: [container('container1')] };
  if (level === 'restricted') {
    const podSC: Obj = { runAsNonRoot: true };
    if (v >= 19) podSC.seccompProfile = { type: 'RuntimeDefault' };
    spec.securityContext = podSC;
  }
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'base' }, spec };
}

// Mutation helpers.
function obj(x: Json | undefined): Obj {
  return x !== null && typeof x === 'object' && !Array.isArray(x) ? x : {};
}
function sc(c: Obj): Obj {
  c.securityContext = obj(c.securityContext);
  return c.securityContext;
}
const podSC = (p: Pod): Obj => {
  p.spec.securityContext = obj(p.spec.securityContext);
  return p.spec.securityContext;
};
const c0 = (p: Pod): Obj => p.spec.containers[0]!;
const i0 = (p: Pod): Obj => p.spec.initContainers[0]!;
const annotate = (p: Pod, key: string, value: string): void => {
  p.metadata.annotations = { ...p.metadata.annotations, [key]: value };
};
/** Adds an ephemeral container with the level's container security context plus `extra`. */
function ephemeral(level: Level, v: number, extra: Obj = {}): (p: Pod) => void {
  return (p) => {
    p.spec.ephemeralContainers = [{ name: 'ephemeral1', image: IMAGE, targetContainerName: 'container1', securityContext: { ...containerSC(level, v), ...extra } }];
  };
}
const windows = (p: Pod): void => {
  p.spec.os = { name: 'windows' };
};

const APPARMOR = 'container.apparmor.security.beta.kubernetes.io/';
const SECCOMP_POD = 'seccomp.security.alpha.kubernetes.io/pod';
const SECCOMP_CONTAINER = 'container.seccomp.security.alpha.kubernetes.io/';
const annotationPath = (key: string): string => `metadata.annotations[${JSON.stringify(key)}]`;

const SYSCTLS: [number, string[]][] = [
  [0, ['kernel.shm_rmid_forced', 'net.ipv4.ip_local_port_range', 'net.ipv4.tcp_syncookies', 'net.ipv4.ping_group_range', 'net.ipv4.ip_unprivileged_port_start']],
  [27, ['net.ipv4.ip_local_reserved_ports']],
  [29, ['net.ipv4.tcp_keepalive_time', 'net.ipv4.tcp_fin_timeout', 'net.ipv4.tcp_keepalive_intvl', 'net.ipv4.tcp_keepalive_probes']],
  [32, ['net.ipv4.tcp_rmem', 'net.ipv4.tcp_wmem']],
];
const sysctls = (names: string[]) => (p: Pod): void => {
  podSC(p).sysctls = names.map((name) => ({ name, value: '1' }));
};

const RESTRICTED_OK_VOLUMES: Obj[] = [
  { name: 'volume-configmap', configMap: { name: 'test' } },
  { name: 'volume-csi', csi: { driver: 'inline.storage.kubernetes.io' } },
  { name: 'volume-downwardapi', downwardAPI: { items: [{ path: 'labels', fieldRef: { fieldPath: 'metadata.labels' } }] } },
  { name: 'volume-emptydir', emptyDir: {} },
  { name: 'volume-ephemeral', ephemeral: { volumeClaimTemplate: { spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } } } },
  { name: 'volume-image', image: { reference: 'registry.k8s.io/pause' } },
  { name: 'volume-pvc', persistentVolumeClaim: { claimName: 'test' } },
  { name: 'volume-projected', projected: { sources: [] } },
  { name: 'volume-secret', secret: { secretName: 'test' } },
  { name: 'volume-defaulted-to-emptydir' },
];

const RESTRICTED_BAD_VOLUMES: [string, Obj][] = [
  ['hostPath', { path: '/a' }],
  ['gcePersistentDisk', { pdName: 'test' }],
  ['awsElasticBlockStore', { volumeID: 'test' }],
  ['gitRepo', { repository: 'github.com/kubernetes/kubernetes' }],
  ['nfs', { server: 'test', path: '/test' }],
  ['iscsi', { targetPortal: 'test:3260', iqn: 'iqn.2001-04.com.example:storage.kube.sys1.xyz', lun: 0 }],
  ['glusterfs', { endpoints: 'test', path: 'test' }],
  ['rbd', { monitors: ['test'], image: 'test' }],
  ['flexVolume', { driver: 'test' }],
  ['cinder', { volumeID: 'test' }],
  ['cephfs', { monitors: ['test'] }],
  ['flocker', { datasetName: 'test' }],
  ['fc', { wwids: ['test'] }],
  ['azureFile', { secretName: 'test', shareName: 'test' }],
  ['vsphereVolume', { volumePath: 'test' }],
  ['quobyte', { registry: 'localhost:1234', volume: 'test' }],
  ['azureDisk', { diskName: 'test', diskURI: 'https://test.blob.core.windows.net/test/test.vhd' }],
  ['portworxVolume', { volumeID: 'test', fsType: 'ext4' }],
  ['photonPersistentDisk', { pdID: 'test', fsType: 'ext4' }],
  ['scaleIO', { gateway: 'localhost', system: 'scaleio', secretRef: { name: 'test' } }],
  ['storageos', { volumeName: 'test' }],
];

const CHECKS: CheckDef[] = [
  {
    id: 'hostNamespaces',
    level: 'baseline',
    versions: [0],
    cases: () => ({
      pass: [{ what: 'hostNetwork, hostPID and hostIPC explicitly false', mutate: (p) => Object.assign(p.spec, { hostNetwork: false, hostPID: false, hostIPC: false }) }],
      fail: (['hostNetwork', 'hostPID', 'hostIPC'] as const).map((f) => ({ what: `${f}: true`, mutate: (p: Pod) => void (p.spec[f] = true), expect: [`spec.${f}`] })),
    }),
  },
  {
    id: 'privileged',
    level: 'baseline',
    versions: [0],
    cases: (level, v) => ({
      pass: [{ what: 'privileged explicitly false', mutate: (p) => { sc(c0(p)).privileged = false; sc(i0(p)).privileged = false; } }],
      fail: [
        { what: 'container privileged', mutate: (p) => void (sc(c0(p)).privileged = true), expect: [`${C}.securityContext.privileged`] },
        { what: 'init container privileged', mutate: (p) => void (sc(i0(p)).privileged = true), expect: [`${I}.securityContext.privileged`] },
        { what: 'ephemeral container privileged', mutate: ephemeral(level, v, { privileged: true }), expect: ['spec.ephemeralContainers[0].securityContext.privileged'] },
      ],
    }),
  },
  {
    id: 'capabilities_baseline',
    level: 'baseline',
    versions: [0],
    cases: (level, v) => ({
      pass: [{
        what: 'adds every capability of the default set',
        mutate: (p) => void (sc(c0(p)).capabilities = { ...obj(sc(c0(p)).capabilities), add: ['AUDIT_WRITE', 'CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'FSETID', 'KILL', 'MKNOD', 'NET_BIND_SERVICE', 'SETFCAP', 'SETGID', 'SETPCAP', 'SETUID', 'SYS_CHROOT'] }),
      }],
      fail: [
        ['NET_RAW', 'container'], ['SYS_ADMIN', 'init container'], ['CAP_CHOWN', 'container'], ['chown', 'container'],
      ].map(([cap, where]) => ({
        what: `${where} adds ${cap}`,
        mutate: (p: Pod) => {
          const c = where === 'container' ? c0(p) : i0(p);
          sc(c).capabilities = { ...obj(sc(c).capabilities), add: [cap!] };
        },
        expect: [`${where === 'container' ? C : I}.securityContext.capabilities.add[0]`],
      })).concat([{ what: 'ephemeral container adds SYS_PTRACE', mutate: ephemeral(level, v, { capabilities: level === 'restricted' && v >= 22 ? { drop: ['ALL'], add: ['SYS_PTRACE'] } : { add: ['SYS_PTRACE'] } }), expect: ['spec.ephemeralContainers[0].securityContext.capabilities.add[0]'] }]),
    }),
  },
  {
    id: 'hostPathVolumes',
    level: 'baseline',
    versions: [0],
    cases: () => ({
      pass: [{ what: 'emptyDir volume and a null hostPath', mutate: (p) => void (p.spec.volumes = [{ name: 'a', emptyDir: {} }, { name: 'b', hostPath: null }]) }],
      fail: [{ what: 'hostPath volume', mutate: (p) => void (p.spec.volumes = [{ name: 'volume-hostpath', hostPath: { path: '/a' } }]), expect: ['spec.volumes[0].hostPath'] }],
    }),
  },
  {
    id: 'hostPorts',
    level: 'baseline',
    versions: [0],
    cases: () => ({
      pass: [{ what: 'container ports with hostPort 0 or unset', mutate: (p) => void (c0(p).ports = [{ containerPort: 12345 }, { containerPort: 12346, hostPort: 0 }]) }],
      fail: [
        { what: 'container hostPort', mutate: (p) => void (c0(p).ports = [{ containerPort: 12345, hostPort: 12345 }]), expect: [`${C}.ports[0].hostPort`] },
        { what: 'init container hostPort', mutate: (p) => void (i0(p).ports = [{ containerPort: 12346, hostPort: 12346 }]), expect: [`${I}.ports[0].hostPort`] },
      ],
    }),
  },
  {
    id: 'appArmorProfile',
    level: 'baseline',
    versions: [0],
    cases: () => ({
      pass: [
        {
          what: 'annotations runtime/default, localhost/* and empty',
          mutate: (p) => { annotate(p, `${APPARMOR}container1`, 'runtime/default'); annotate(p, `${APPARMOR}initcontainer1`, 'localhost/foo'); annotate(p, `${APPARMOR}other`, ''); },
        },
        {
          what: 'fields RuntimeDefault (pod) and Localhost (containers)',
          mutate: (p) => {
            podSC(p).appArmorProfile = { type: 'RuntimeDefault' };
            sc(c0(p)).appArmorProfile = { type: 'Localhost', localhostProfile: 'foo' };
            sc(i0(p)).appArmorProfile = { type: 'RuntimeDefault' };
          },
        },
      ],
      fail: [
        { what: 'container annotation unconfined', mutate: (p) => annotate(p, `${APPARMOR}container1`, 'unconfined'), expect: [annotationPath(`${APPARMOR}container1`)] },
        { what: 'init container annotation with an unknown profile', mutate: (p) => annotate(p, `${APPARMOR}initcontainer1`, 'foo'), expect: [annotationPath(`${APPARMOR}initcontainer1`)] },
        { what: 'annotation for a container that does not exist', mutate: (p) => annotate(p, `${APPARMOR}nosuchcontainer`, 'unconfined'), expect: [annotationPath(`${APPARMOR}nosuchcontainer`)] },
        { what: 'pod field Unconfined', mutate: (p) => void (podSC(p).appArmorProfile = { type: 'Unconfined' }), expect: ['spec.securityContext.appArmorProfile.type'] },
        { what: 'container field Unconfined', mutate: (p) => void (sc(c0(p)).appArmorProfile = { type: 'Unconfined' }), expect: [`${C}.securityContext.appArmorProfile.type`] },
        { what: 'init container field Unconfined', mutate: (p) => void (sc(i0(p)).appArmorProfile = { type: 'Unconfined' }), expect: [`${I}.securityContext.appArmorProfile.type`] },
      ],
    }),
  },
  {
    id: 'seLinuxOptions',
    level: 'baseline',
    versions: [0, 31],
    cases: (_, v) => {
      const se = (target: 'pod' | 'container' | 'init', opts: Obj) => (p: Pod) => {
        const s = target === 'pod' ? podSC(p) : sc(target === 'container' ? c0(p) : i0(p));
        s.seLinuxOptions = opts;
      };
      const pass: Case[] = [
        { what: 'allowed types and any level', mutate: (p) => { se('pod', { type: 'container_t', level: 's0:c1,c2' })(p); se('container', { type: 'container_init_t' })(p); se('init', { type: 'container_kvm_t' })(p); } },
        { what: 'empty type, user and role', mutate: se('pod', { type: '', user: '', role: '' }) },
      ];
      const fail: Case[] = [
        { what: 'pod type', mutate: se('pod', { type: 'spc_t' }), expect: ['spec.securityContext.seLinuxOptions.type'] },
        { what: 'container type', mutate: se('container', { type: 'foo' }), expect: [`${C}.securityContext.seLinuxOptions.type`] },
        { what: 'init container type', mutate: se('init', { type: 'bar' }), expect: [`${I}.securityContext.seLinuxOptions.type`] },
        { what: 'pod user', mutate: se('pod', { user: 'system_u' }), expect: ['spec.securityContext.seLinuxOptions.user'] },
        { what: 'container role', mutate: se('container', { role: 'sysadm_r' }), expect: [`${C}.securityContext.seLinuxOptions.role`] },
      ];
      const engine: Case = { what: 'type container_engine_t (allowed from v1.31)', mutate: se('container', { type: 'container_engine_t' }), expect: [`${C}.securityContext.seLinuxOptions.type`] };
      if (v >= 31) pass.push(engine);
      else fail.push(engine);
      return { pass, fail };
    },
  },
  {
    id: 'procMount',
    level: 'baseline',
    versions: [0, 35],
    cases: (_, v) => {
      const unmasked = (which: 'container' | 'init', hostUsers?: boolean) => (p: Pod) => {
        sc(which === 'container' ? c0(p) : i0(p)).procMount = 'Unmasked';
        if (hostUsers !== undefined) p.spec.hostUsers = hostUsers;
      };
      const pass: Case[] = [{ what: 'procMount Default', mutate: (p) => { sc(c0(p)).procMount = 'Default'; sc(i0(p)).procMount = 'Default'; } }];
      const fail: Case[] = [
        { what: 'container Unmasked', mutate: unmasked('container'), expect: [`${C}.securityContext.procMount`] },
        { what: 'init container Unmasked', mutate: unmasked('init'), expect: [`${I}.securityContext.procMount`] },
        { what: 'Unmasked with hostUsers true', mutate: unmasked('container', true), expect: [`${C}.securityContext.procMount`] },
      ];
      const userns: Case = { what: 'Unmasked in a user namespace (hostUsers false; allowed by baseline from v1.35)', mutate: unmasked('container', false), expect: [`${C}.securityContext.procMount`] };
      if (v >= 35) pass.push(userns);
      else fail.push(userns);
      return { pass, fail };
    },
  },
  {
    id: 'seccompProfile_baseline',
    level: 'baseline',
    versions: [0, 19],
    cases: (_, v) => {
      if (v < 19) {
        return {
          pass: [
            { what: 'annotations runtime/default, docker/default, localhost/*', mutate: (p) => { annotate(p, SECCOMP_POD, 'runtime/default'); annotate(p, `${SECCOMP_CONTAINER}container1`, 'docker/default'); annotate(p, `${SECCOMP_CONTAINER}initcontainer1`, 'localhost/foo'); } },
            { what: 'field Unconfined (fields are not checked below v1.19)', mutate: (p) => void (podSC(p).seccompProfile = { type: 'Unconfined' }) },
            { what: 'annotation for a container that does not exist', mutate: (p) => annotate(p, `${SECCOMP_CONTAINER}nosuchcontainer`, 'unconfined') },
          ],
          fail: [
            { what: 'pod annotation unconfined', mutate: (p) => annotate(p, SECCOMP_POD, 'unconfined'), expect: [annotationPath(SECCOMP_POD)] },
            { what: 'container annotation unconfined', mutate: (p) => annotate(p, `${SECCOMP_CONTAINER}container1`, 'unconfined'), expect: [annotationPath(`${SECCOMP_CONTAINER}container1`)] },
            { what: 'init container annotation empty', mutate: (p) => annotate(p, `${SECCOMP_CONTAINER}initcontainer1`, ''), expect: [annotationPath(`${SECCOMP_CONTAINER}initcontainer1`)] },
          ],
        };
      }
      return {
        pass: [
          { what: 'fields RuntimeDefault and Localhost', mutate: (p) => { podSC(p).seccompProfile = { type: 'RuntimeDefault' }; sc(c0(p)).seccompProfile = { type: 'Localhost', localhostProfile: 'profile.json' }; } },
          { what: 'pod annotation unconfined (annotations are not checked from v1.19)', mutate: (p) => annotate(p, SECCOMP_POD, 'unconfined') },
        ],
        fail: [
          { what: 'pod field Unconfined', mutate: (p) => void (podSC(p).seccompProfile = { type: 'Unconfined' }), expect: ['spec.securityContext.seccompProfile.type'] },
          { what: 'container field Unconfined', mutate: (p) => void (sc(c0(p)).seccompProfile = { type: 'Unconfined' }), expect: [`${C}.securityContext.seccompProfile.type`] },
          { what: 'init container field Unconfined', mutate: (p) => void (sc(i0(p)).seccompProfile = { type: 'Unconfined' }), expect: [`${I}.securityContext.seccompProfile.type`] },
        ],
      };
    },
  },
  {
    id: 'sysctls',
    level: 'baseline',
    versions: [0, 27, 29, 32],
    cases: (_, v) => {
      const safe = SYSCTLS.filter(([from]) => from <= v).flatMap(([, names]) => names);
      const later = SYSCTLS.filter(([from]) => from > v).flatMap(([, names]) => names);
      const failing = ['kernel.msgmax', 'net/ipv4/ip_local_port_range', 'net.ipv4.tcp_slow_start_after_idle', ...later];
      return {
        pass: [{ what: `every safe sysctl of the version (${safe.length})`, mutate: sysctls(safe) }],
        fail: failing.map((name) => ({ what: `sysctl ${name}`, mutate: sysctls([name]), expect: ['spec.securityContext.sysctls[0].name'] })),
      };
    },
  },
  {
    id: 'windowsHostProcess',
    level: 'baseline',
    versions: [0],
    cases: () => ({
      pass: [{ what: 'hostProcess explicitly false', mutate: (p) => { podSC(p).windowsOptions = { hostProcess: false }; sc(c0(p)).windowsOptions = { hostProcess: false }; } }],
      fail: [
        { what: 'pod hostProcess', mutate: (p) => void (podSC(p).windowsOptions = { hostProcess: true }), expect: ['spec.securityContext.windowsOptions.hostProcess'] },
        { what: 'container hostProcess', mutate: (p) => void (sc(c0(p)).windowsOptions = { hostProcess: true }), expect: [`${C}.securityContext.windowsOptions.hostProcess`] },
        { what: 'init container hostProcess', mutate: (p) => void (sc(i0(p)).windowsOptions = { hostProcess: true }), expect: [`${I}.securityContext.windowsOptions.hostProcess`] },
      ],
    }),
  },
  {
    id: 'hostProbesAndHostLifecycle',
    level: 'baseline',
    versions: [34],
    cases: () => ({
      pass: [{
        what: 'probes and hooks with an empty host',
        mutate: (p) => Object.assign(c0(p), {
          livenessProbe: { httpGet: { host: '', port: 8080 } },
          readinessProbe: { tcpSocket: { port: 8080 } },
          lifecycle: { preStop: { httpGet: { path: '/stop', port: 8080 } } },
        }),
      }],
      fail: [
        ['livenessProbe', 'httpGet'], ['readinessProbe', 'tcpSocket'], ['startupProbe', 'httpGet'],
        ['lifecycle.postStart', 'httpGet'], ['lifecycle.preStop', 'tcpSocket'],
      ].map(([handler, action]) => ({
        what: `${handler}.${action}.host set`,
        mutate: (p: Pod) => {
          const probe = { [action!]: { host: 'example.com', port: 8080 } };
          if (handler!.startsWith('lifecycle.')) c0(p).lifecycle = { [handler!.slice(10)]: probe };
          else c0(p)[handler!] = probe;
        },
        expect: [`${C}.${handler}.${action}.host`],
      })).concat([{
        what: 'native sidecar (init container) startupProbe.httpGet.host set',
        mutate: (p: Pod) => Object.assign(i0(p), { restartPolicy: 'Always', startupProbe: { httpGet: { host: '169.254.169.254', port: 80 } } }),
        expect: [`${I}.startupProbe.httpGet.host`],
      }]),
    }),
    before: () => [{ what: 'livenessProbe.httpGet.host set (the check exists from v1.34)', mutate: (p) => void (c0(p).livenessProbe = { httpGet: { host: 'example.com', port: 8080 } }) }],
  },
  {
    id: 'restrictedVolumes',
    level: 'restricted',
    versions: [0],
    overrides: ['hostPathVolumes'],
    cases: () => ({
      pass: [{ what: 'every allowed volume type (image too, at every version) and a volume defaulted to emptyDir', mutate: (p) => void (p.spec.volumes = RESTRICTED_OK_VOLUMES) }],
      fail: RESTRICTED_BAD_VOLUMES.map(([type, source]) => ({
        what: `${type} volume`,
        mutate: (p: Pod) => void (p.spec.volumes = [{ name: `volume-${type.toLowerCase()}`, [type]: source }]),
        expect: [`spec.volumes[0].${type}`],
      })).concat([{ what: 'volume source PSA does not know', mutate: (p: Pod) => void (p.spec.volumes = [{ name: 'volume-unknown', futureVolumeSource: {} }]), expect: ['spec.volumes[0].futureVolumeSource'] }]),
    }),
  },
  {
    id: 'allowPrivilegeEscalation',
    level: 'restricted',
    versions: [8, 25],
    cases: (level, v) => {
      const unset = (p: Pod) => void delete sc(c0(p)).allowPrivilegeEscalation;
      const windowsUnset: Case = { what: 'Windows pod that leaves it unset (exempt from v1.25)', mutate: (p) => { windows(p); unset(p); }, expect: [`${C}.securityContext.allowPrivilegeEscalation`] };
      const fail: Case[] = [
        { what: 'container leaves it unset', mutate: unset, expect: [`${C}.securityContext.allowPrivilegeEscalation`] },
        { what: 'container sets true', mutate: (p) => void (sc(c0(p)).allowPrivilegeEscalation = true), expect: [`${C}.securityContext.allowPrivilegeEscalation`] },
        { what: 'init container leaves it unset', mutate: (p) => void delete sc(i0(p)).allowPrivilegeEscalation, expect: [`${I}.securityContext.allowPrivilegeEscalation`] },
        { what: 'ephemeral container leaves it unset', mutate: (p) => { ephemeral(level, v)(p); delete obj(p.spec.ephemeralContainers![0]!.securityContext).allowPrivilegeEscalation; }, expect: ['spec.ephemeralContainers[0].securityContext.allowPrivilegeEscalation'] },
        { what: 'Linux pod (os.name linux) that leaves it unset', mutate: (p) => { p.spec.os = { name: 'linux' }; unset(p); }, expect: [`${C}.securityContext.allowPrivilegeEscalation`] },
      ];
      const pass: Case[] = [];
      if (v >= 25) pass.push(windowsUnset);
      else fail.push(windowsUnset);
      return { pass, fail };
    },
    before: () => [{ what: 'container sets true (the check exists from v1.8)', mutate: (p) => void (sc(c0(p)).allowPrivilegeEscalation = true) }],
  },
  {
    id: 'runAsNonRoot',
    level: 'restricted',
    versions: [0, 35],
    cases: (_, v) => {
      const pass: Case[] = [
        { what: 'pod unset, every container true', mutate: (p) => { delete podSC(p).runAsNonRoot; sc(c0(p)).runAsNonRoot = true; sc(i0(p)).runAsNonRoot = true; } },
      ];
      const fail: Case[] = [
        { what: 'pod false, containers true', mutate: (p) => { podSC(p).runAsNonRoot = false; sc(c0(p)).runAsNonRoot = true; sc(i0(p)).runAsNonRoot = true; }, expect: ['spec.securityContext.runAsNonRoot'] },
        { what: 'container false', mutate: (p) => void (sc(c0(p)).runAsNonRoot = false), expect: [`${C}.securityContext.runAsNonRoot`] },
        { what: 'init container false', mutate: (p) => void (sc(i0(p)).runAsNonRoot = false), expect: [`${I}.securityContext.runAsNonRoot`] },
        { what: 'pod unset, init container unset', mutate: (p) => { delete podSC(p).runAsNonRoot; sc(c0(p)).runAsNonRoot = true; }, expect: [`${I}.securityContext.runAsNonRoot`] },
        { what: 'pod false in a host user namespace (hostUsers true)', mutate: (p) => { p.spec.hostUsers = true; podSC(p).runAsNonRoot = false; }, expect: ['spec.securityContext.runAsNonRoot', `${I}.securityContext.runAsNonRoot`, `${C}.securityContext.runAsNonRoot`] },
      ];
      const userns: Case = {
        what: 'pod false in a user namespace (hostUsers false; exempt from v1.35)',
        mutate: (p) => { p.spec.hostUsers = false; podSC(p).runAsNonRoot = false; },
        expect: ['spec.securityContext.runAsNonRoot', `${I}.securityContext.runAsNonRoot`, `${C}.securityContext.runAsNonRoot`],
      };
      if (v >= 35) pass.push(userns);
      else fail.push(userns);
      return { pass, fail };
    },
  },
  {
    id: 'runAsUser',
    level: 'restricted',
    versions: [23, 35],
    cases: (_, v) => {
      const pass: Case[] = [{ what: 'non-zero UIDs', mutate: (p) => { podSC(p).runAsUser = 1000; sc(c0(p)).runAsUser = 1001; } }];
      const fail: Case[] = [
        { what: 'pod 0, container overrides', mutate: (p) => { podSC(p).runAsUser = 0; sc(c0(p)).runAsUser = 1000; sc(i0(p)).runAsUser = 1000; }, expect: ['spec.securityContext.runAsUser'] },
        { what: 'container 0', mutate: (p) => void (sc(c0(p)).runAsUser = 0), expect: [`${C}.securityContext.runAsUser`] },
        { what: 'init container 0', mutate: (p) => void (sc(i0(p)).runAsUser = 0), expect: [`${I}.securityContext.runAsUser`] },
      ];
      const userns: Case = { what: 'pod 0 in a user namespace (hostUsers false; exempt from v1.35)', mutate: (p) => { p.spec.hostUsers = false; podSC(p).runAsUser = 0; }, expect: ['spec.securityContext.runAsUser'] };
      if (v >= 35) pass.push(userns);
      else fail.push(userns);
      return { pass, fail };
    },
    before: () => [{ what: 'pod runAsUser 0 (the check exists from v1.23)', mutate: (p) => void (podSC(p).runAsUser = 0) }],
  },
  {
    id: 'seccompProfile_restricted',
    level: 'restricted',
    versions: [19, 25],
    overrides: ['seccompProfile_baseline'],
    cases: (_, v) => {
      const unsetAll = (p: Pod) => void delete podSC(p).seccompProfile;
      const windowsUnset: Case = { what: 'Windows pod without any seccomp profile (exempt from v1.25)', mutate: (p) => { windows(p); unsetAll(p); }, expect: [`${I}.securityContext.seccompProfile.type`, `${C}.securityContext.seccompProfile.type`] };
      const pass: Case[] = [
        { what: 'pod unset, every container RuntimeDefault or Localhost', mutate: (p) => { unsetAll(p); sc(c0(p)).seccompProfile = { type: 'RuntimeDefault' }; sc(i0(p)).seccompProfile = { type: 'Localhost', localhostProfile: 'profile.json' }; } },
      ];
      const fail: Case[] = [
        { what: 'no seccomp profile anywhere', mutate: unsetAll, expect: [`${I}.securityContext.seccompProfile.type`, `${C}.securityContext.seccompProfile.type`] },
        { what: 'pod unset, one container unset', mutate: (p) => { unsetAll(p); sc(i0(p)).seccompProfile = { type: 'RuntimeDefault' }; }, expect: [`${C}.securityContext.seccompProfile.type`] },
        { what: 'pod Unconfined, containers valid', mutate: (p) => { podSC(p).seccompProfile = { type: 'Unconfined' }; sc(c0(p)).seccompProfile = { type: 'RuntimeDefault' }; sc(i0(p)).seccompProfile = { type: 'RuntimeDefault' }; }, expect: ['spec.securityContext.seccompProfile.type'] },
        { what: 'container Unconfined', mutate: (p) => void (sc(c0(p)).seccompProfile = { type: 'Unconfined' }), expect: [`${C}.securityContext.seccompProfile.type`] },
        { what: 'init container Unconfined', mutate: (p) => void (sc(i0(p)).seccompProfile = { type: 'Unconfined' }), expect: [`${I}.securityContext.seccompProfile.type`] },
      ];
      if (v >= 25) pass.push(windowsUnset);
      else fail.push(windowsUnset);
      return { pass, fail };
    },
  },
  {
    id: 'capabilities_restricted',
    level: 'restricted',
    versions: [22, 25],
    overrides: ['capabilities_baseline'],
    cases: (_, v) => {
      const caps = (which: 'container' | 'init', value: Json | undefined) => (p: Pod) => {
        const s = sc(which === 'container' ? c0(p) : i0(p));
        if (value === undefined) delete s.capabilities;
        else s.capabilities = value;
      };
      const windowsUnset: Case = { what: 'Windows pod that drops nothing (exempt from v1.25)', mutate: (p) => { windows(p); caps('container', undefined)(p); }, expect: [`${C}.securityContext.capabilities.drop`] };
      const pass: Case[] = [
        { what: 'drop ALL and add NET_BIND_SERVICE', mutate: caps('container', { drop: ['ALL'], add: ['NET_BIND_SERVICE'] }) },
        { what: 'drop ALL among others', mutate: caps('container', { drop: ['NET_RAW', 'ALL'] }) },
      ];
      const fail: Case[] = [
        { what: 'container without capabilities', mutate: caps('container', undefined), expect: [`${C}.securityContext.capabilities.drop`] },
        { what: 'init container without capabilities', mutate: caps('init', undefined), expect: [`${I}.securityContext.capabilities.drop`] },
        { what: 'drop all in lower case', mutate: caps('container', { drop: ['all'] }), expect: [`${C}.securityContext.capabilities.drop`] },
        { what: 'empty drop list', mutate: caps('container', { drop: [] }), expect: [`${C}.securityContext.capabilities.drop`] },
        { what: 'adds SYS_TIME', mutate: caps('container', { drop: ['ALL'], add: ['SYS_TIME'] }), expect: [`${C}.securityContext.capabilities.add[0]`] },
        { what: 'adds CHOWN, from the baseline default set', mutate: caps('init', { drop: ['ALL'], add: ['NET_BIND_SERVICE', 'CHOWN'] }), expect: [`${I}.securityContext.capabilities.add[1]`] },
      ];
      if (v >= 25) pass.push(windowsUnset);
      else fail.push(windowsUnset);
      return { pass, fail };
    },
    before: () => [{ what: 'container drops NET_RAW but not ALL (the check exists from v1.22)', mutate: (p) => void (sc(c0(p)).capabilities = { drop: ['NET_RAW'] }) }],
  },
  {
    id: 'procMount_restricted',
    level: 'restricted',
    versions: [35],
    overrides: ['procMount'],
    cases: () => ({
      pass: [{ what: 'procMount Default', mutate: (p) => void (sc(c0(p)).procMount = 'Default') }],
      fail: [
        { what: 'container Unmasked', mutate: (p) => void (sc(c0(p)).procMount = 'Unmasked'), expect: [`${C}.securityContext.procMount`] },
        { what: 'init container Unmasked', mutate: (p) => void (sc(i0(p)).procMount = 'Unmasked'), expect: [`${I}.securityContext.procMount`] },
        { what: 'Unmasked in a user namespace (hostUsers false)', mutate: (p) => { p.spec.hostUsers = false; sc(c0(p)).procMount = 'Unmasked'; }, expect: [`${C}.securityContext.procMount`] },
      ],
    }),
  },
];

const LEVEL_RANK: Record<Level, number> = { baseline: 1, restricted: 2 };

/** The revision of a check that runs at minor v, or undefined. */
function revision(check: CheckDef, v: number): number | undefined {
  const found = check.versions.filter((m) => m <= v);
  return found.length > 0 ? Math.max(...found) : undefined;
}

/** The checks a level runs at minor v (rules.md §3.1 item 6, §3.4). */
export function activeChecks(level: Level, v: number): string[] {
  const overridden = new Set(
    level === 'restricted' ? CHECKS.filter((c) => c.overrides && revision(c, v) !== undefined).flatMap((c) => c.overrides!) : [],
  );
  return CHECKS.filter((c) => LEVEL_RANK[c.level] <= LEVEL_RANK[level] && revision(c, v) !== undefined && !overridden.has(c.id)).map((c) => c.id);
}

/** Every check ID. */
export const CHECK_IDS = CHECKS.map((c) => c.id);

function render(pod: Pod, comment: string[]): string {
  return comment.map((l) => `# ${l}\n`).join('') + yaml.dump(pod, { lineWidth: -1, noRefs: true, sortKeys: false });
}

export interface Fixture {
  level: Level;
  version: string;
  verdict: 'pass' | 'fail';
  /** Lowercased check ID (the file prefix), or "base". */
  check: string;
  file: string;
  /** For fail fixtures: the field paths the gate must report. */
  expect: string[];
  content: string;
}

/** Every fixture, keyed by its path under __tests__/fixtures/pss. */
export function generateFixtures(): Map<string, Fixture> {
  const out = new Map<string, Fixture>();
  for (const level of ['baseline', 'restricted'] as const) {
    for (const version of VERSIONS[level]) {
      const v = minor(version);
      const dir = `${level}/${version}`;
      const add = (verdict: 'pass' | 'fail', check: string, n: number | '', what: string, pod: Pod, expect: string[]) => {
        const file = `${dir}/${verdict}/${check}${n}.yaml`;
        const comment = [`${what}.`];
        if (verdict === 'fail') comment.push(`expect: ${expect.join(' ')}`);
        out.set(file, { level, version, verdict, check, file, expect, content: render(pod, comment) });
      };
      add('pass', 'base', '', `The minimal pod that passes ${level}:${version}`, basePod(level, v), []);
      const active = new Set(activeChecks(level, v));
      for (const check of CHECKS) {
        if (LEVEL_RANK[check.level] > LEVEL_RANK[level]) continue;
        const prefix = check.id.toLowerCase();
        const counts = { pass: 0, fail: 0 };
        const emit = (verdict: 'pass' | 'fail', c: Case) => {
          const pod = structuredClone(basePod(level, v));
          c.mutate(pod);
          pod.metadata.name = `${prefix}${counts[verdict]}`;
          add(verdict, prefix, counts[verdict]++, `${check.id}: ${c.what}`, pod, c.expect ?? []);
        };
        if (active.has(check.id)) {
          const cases = check.cases(level, v);
          cases.pass.forEach((c) => emit('pass', c));
          cases.fail.forEach((c) => emit('fail', c));
        } else if (revision(check, v) === undefined && check.before) {
          check.before(level, v).forEach((c) => emit('pass', c));
        }
      }
    }
  }
  return out;
}
