import type { ExplainTexts } from './texts.js';

export const ZH: ExplainTexts = {
  facts: {
    kind: '类型',
    name: '名称',
    id: '模型 ID',
    inode: '命名空间 inode',
    hostNetns: '主机命名空间',
    netnsName: '/run/netns 中的名称',
    usedBy: '使用者',
    routes: '路由',
    ifindex: '接口索引',
    type: '链路类型',
    mac: 'MAC 地址',
    mtu: 'MTU',
    admin: '管理状态',
    operstate: '运行状态',
    addresses: '地址',
    master: '从属于',
    netns: '网络命名空间',
    vethPeer: 'veth 对端',
    image: '镜像',
    state: '状态',
    networkMode: '网络模式',
    pid: '主进程 PID',
    shortId: '短 ID',
    labels: '标签',
    networks: '网络',
    driver: '驱动',
    scope: '作用域',
    internal: '内部网络',
    subnets: '子网',
    bridge: 'Linux 网桥',
    icc: '容器间通信',
    embeddedDns: '内嵌 DNS (127.0.0.11)',
    ipv6: 'IPv6',
    attachable: '可手动连接',
    parentLink: '父接口',
    options: '驱动选项',
    proto: '协议',
    hostAddress: '主机地址',
    container: '容器',
    containerPort: '容器端口',
    rule: 'DNAT 规则',
    table: '表',
    chain: '链',
    index: '链中位置',
    target: '目标动作',
    text: '规则',
    from: '起点',
    to: '终点',
    interface: '接口',
    ipv4: 'IPv4',
    aliases: '别名',
    dnsNames: 'DNS 名称',
    gateway: '网关',
    endpointId: '端点 ID',
    subnet: '子网',
    firewallBackend: '防火墙后端',
    ipForward: 'IP 转发',
  },
  yes: '是',
  no: '否',
  none: '—',
  up: '启用',
  down: '停用',
  defaultMtu: '默认 (1500)',
  list: (items) => items.join('、'),
  sentenceGap: '',

  kindNames: {
    netns: '网络命名空间',
    interface: '网络接口',
    container: '容器',
    network: 'Docker 网络',
    port: '发布的端口',
    'nat-rule': 'NAT 规则',
    'filter-rule': '过滤规则',
    veth: 'veth 对',
    'bridge-port': '网桥端口',
    endpoint: '端点',
    'uses-netns': '使用命名空间',
    masquerade: '地址伪装 (MASQUERADE)',
    publishes: '端口转发',
    dnat: '目的地址转换 (DNAT)',
    lower: '父接口',
    filters: '过滤',
  },
  titles: {
    hostNetns: (h) => `主机网络命名空间（${h}）`,
    netns: (l) => `网络命名空间 ${l}`,
    iface: (n, w) => `网络接口 ${n}（${w}）`,
    container: (n) => `容器 ${n}`,
    network: (n) => `Docker 网络 ${n}`,
    port: (b) => `发布的端口 ${b}`,
    rule: (c, i) => `${c} 链的第 ${i} 条规则`,
    edge: (k, a, b) => `${k}：${a} → ${b}`,
  },

  netns: {
    host: '主机自己的网络命名空间：所有没有独立命名空间的进程都使用这里的接口、路由和防火墙。Docker 的网桥和 veth 对在主机一侧的那一端都在这里。',
    named: (n) => `用 \`ip netns add ${n}\` 创建的网络命名空间：一套隔离的网络栈（有自己的接口、路由和防火墙规则）。`,
    container: (u) =>
      `网络命名空间：为 ${u} 准备的一套隔离的网络栈（有自己的接口、路由和防火墙规则）。Docker 把它叫作容器的沙箱（sandbox）。`,
    shared: (u) =>
      `${u} 共用同一个网络命名空间（container:<名称> 模式）：它们看到相同的接口和地址，可以通过 localhost 互相访问。`,
    orphan: '一个没有已知运行进程的网络命名空间，例如 Docker 为已停止的容器保留的沙箱。',
  },

  iface: {
    bridge: (net, gw, ports) =>
      `Linux 网桥：主机内部的一台虚拟交换机${net ? `，属于 Docker 网络 ${net}` : ''}。每个容器的 veth 对在主机一侧的那一端都作为端口接在它上面（目前 ${ports} 个端口），网桥在这些端口之间转发数据帧。${gw ? `它自己的地址 ${gw} 就是容器的默认网关。` : ''}`,
    vethHost: (peer, c, br) =>
      `veth 对在主机一侧的一端：veth 对就像一根虚拟网线，另一端是${c ? `容器 ${c} 里的 ` : ' '}${peer}。从一端进去的数据包会从另一端出来。${br ? `这一端是网桥 ${br} 的一个端口。` : ''}`,
    vethContainer: (peer, br) =>
      `veth 对在容器一侧的一端。在容器里它看起来就是一块普通网卡；从这里发出的数据包会从主机上的 ${peer} 出来${br ? `，而 ${peer} 接在网桥 ${br} 上` : ''}。`,
    vethOther: (peer) => `veth 对的一端，是连接两个命名空间的虚拟网线${peer ? `；另一端是 ${peer}` : ''}。`,
    loopback: '回环接口（lo）：发往 127.0.0.1 的流量只在这个命名空间内部流转。',
    macvlan: (p) =>
      `macvlan 接口：它有自己的 MAC 地址，在 ${p ?? '父接口'} 所在的网络上看起来就像一台独立的机器。这里不经过网桥，也没有 NAT；主机本身如果没有自己的 macvlan 接口，就无法通过父接口访问它。`,
    ipvlan: (p) => `ipvlan 接口：与 ${p ?? '父接口'} 共用 MAC 地址，但有自己的 IP 地址。这里不经过网桥，也没有 NAT。`,
    nic: '主机的网络设备：数据包从这里离开本机。容器发往外部的流量会被地址伪装成这个设备的地址。',
    other: (t) => `类型为 ${t} 的网络接口。`,
    isDown: (o) => `它处于停用状态（运行状态 ${o}）：没有流量通过。`,
  },

  container: {
    bridged: (n) =>
      `这个容器有自己的网络命名空间。一对 veth 把它接入网络 ${n.join('、')}：一端是容器里的网卡，另一端接在该网络的 Linux 网桥上。`,
    host: 'host 模式的容器：直接使用主机的网络命名空间。没有 veth、没有网桥、也没有 NAT：它监听的端口就是主机的端口。',
    none: 'none 模式的容器：它的命名空间里只有回环接口，完全没有网络。',
    shared: (o) =>
      `这个容器与 ${o} 共用网络命名空间（container:${o}）：接口相同、IP 地址相同，彼此通过 localhost 通信。如果 ${o} 停止，这个容器也会失去网络。`,
    macvlan: (n) => `连接在 ${n} 上的容器：它在父接口所在的网络上有自己的 MAC 地址，看起来就像一台独立的机器。`,
    dns: '它在用户自定义网络上，因此 Docker 的内嵌 DNS 服务器（127.0.0.11）可以按名称解析其他容器。',
    noDns: '默认 bridge 网络没有内嵌 DNS：其他容器只能通过 IP 地址访问。',
    ports: (n) => `有 ${n} 个端口通过 DNAT 规则发布到主机上。`,
    stopped: (st) => `它没有在运行（${st}），所以现在没有网络命名空间；Docker 会保留它的网络设置，在启动时重新连接。`,
  },

  network: {
    defaultBridge: (b) =>
      `Docker 的默认 bridge 网络，建立在 Linux 网桥 ${b} 之上。启动时没有指定 --network 的容器都会加入它。它没有内嵌 DNS：容器之间无法按名称找到对方。`,
    userBridge: (b) =>
      `用户自定义的 bridge 网络，建立在 Linux 网桥 ${b} 之上。Docker 的内嵌 DNS 服务器（127.0.0.11）让其中的容器可以按名称找到彼此。`,
    host: 'host 网络：加入它的容器直接使用主机自己的网络命名空间，没有任何隔离。',
    none: 'none 网络：加入它的容器得到一个只有回环接口的命名空间。',
    macvlan: (d, p) =>
      `建立在父接口 ${p ?? '（未知）'} 上的 ${d} 网络：容器在该接口所在的网络上看起来就像独立的机器。这里没有网桥也没有 NAT；不做额外配置的话，主机无法通过父接口访问这些容器。`,
    overlay: 'overlay 网络：通过 VXLAN 隧道把 swarm 中不同主机上的容器连在一起。',
    other: (d) => `使用 ${d} 驱动的 Docker 网络。`,
    internal: '这是内部网络（--internal）：没有通往外部的路由，也没有地址伪装，其中的容器只能互相访问。',
    masquerade:
      '出站流量会做地址伪装（MASQUERADE）：POSTROUTING 链中的规则把源地址改写成主机的地址，这样回复才能找到回来的路。',
    icc: '容器间通信已关闭（enable_icc=false）：FORWARD 链中的规则会丢弃这个网桥上容器之间的流量。',
    endpoints: (n) => `有 ${n} 个容器连接在这个网络上。`,
  },

  port: {
    summary: (ip, hp, proto, cp, c) =>
      `发布的端口：连接到主机 ${ip}:${hp}/${proto} 的流量会被转发到容器 ${c} 的 ${cp} 端口。nat 表 DOCKER 链中的一条目的地址转换（DNAT）规则负责改写目的地址。`,
    loopbackOnly: '它只监听回环地址，因此只有本机能够连接。',
    noRule: '没有找到对应的 DNAT 规则（例如由 docker-proxy 提供的 IPv6 绑定，或者防火墙规则无法读取）。',
  },

  rule: {
    dnat: '目的地址转换（DNAT）规则：改写进入的数据包的目的地址，让它们到达容器。',
    masquerade: '地址伪装（MASQUERADE）规则：从容器子网经其他接口离开的数据包，源地址会被改写成主机的地址。',
    snat: '源地址转换（SNAT）规则：把出站数据包的源地址改写成一个固定地址。',
    filterDrop: '丢弃匹配数据包的过滤规则。',
    filterAccept: '放行匹配数据包的过滤规则。',
    jump: (t) => `把匹配的数据包交给 ${t} 链继续处理的规则。`,
    other: '一条防火墙规则。',
    where: (t, c, i) => `它是 ${t} 表中 ${c} 链的第 ${i} 条规则；规则按顺序逐条匹配。`,
    chainNote: (c) =>
      c === 'DOCKER-USER'
        ? 'DOCKER-USER 链用来放你自己的规则：Docker 从不修改它。'
        : c.startsWith('DOCKER-ISOLATION')
          ? 'DOCKER-ISOLATION 系列链用来阻止不同 Docker 网络之间互相通信。'
          : c === 'DOCKER'
            ? 'DOCKER 链存放发布端口所用的规则。'
            : null,
  },

  edge: {
    veth: (a, b) =>
      `veth 对：两个像网线两端一样连在一起的虚拟接口，${a} 和 ${b}。Docker 把一端放进容器，另一端接到网桥上。`,
    bridgePort: (p, b) => `${p} 作为端口接在网桥 ${b} 上；网桥在它的各个端口之间交换数据帧。`,
    endpoint: (c, n, ip) =>
      `端点：Docker 把容器 ${c} 连接到网络 ${n} 的方式${ip ? `，地址为 ${ip}` : ''}。在内核里，它就是容器与网络网桥之间的一对 veth。`,
    endpointDns: (names) => `Docker 的内嵌 DNS（127.0.0.11）会解析这些名称：${names}。`,
    usesNetns: (c, n) => `容器 ${c} 运行在网络命名空间 ${n} 中。`,
    masquerade: (sn, b) =>
      `对 ${sn}（网桥 ${b}）做地址伪装（MASQUERADE）：这些容器发往外部的流量以主机的地址作为源地址。`,
    publishes: (p, i) => `发布的端口 ${p} 转发到容器内的 ${i}。`,
    dnat: (r, p) => `DNAT 规则 ${r} 实现了发布的端口 ${p}。`,
    lower: (sub, p) => `${sub} 建立在链路 ${p} 之上（是它的子接口）。`,
    filters: (r, b) => `过滤规则 ${r} 匹配进出网桥 ${b} 的流量。`,
  },
};
