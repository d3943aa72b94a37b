/*
 * netloom-nsdump PATH... [--peers PATH...]
 *
 * Reads links (with addresses) and IPv4 main-table routes of many network namespaces
 * from ONE process: a process per namespace (nsenter + ip) costs ~870 ms for 500
 * namespaces, setns() + netlink here costs a few tens of ms.
 *
 * Prints one NDJSON line per PATH, in argument order:
 *   {"target":PATH,"inode":N,"nsid":N|-1,"hostNsid":N|-1,"ipForward":0|1|-1,"nsids":[{"nsid":N,"inode":N}...],
 *    "links":[...],"routes":[...]}
 *   {"target":PATH,"error":"<strerror>","errno":N}
 * `nsids` ties each link_netnsid the namespace's links carry to the inode of the
 * namespace it names, among the PATHs, the --peers (held open, not read) and the
 * starting namespace; an nsid naming none of them is left out.
 * Link and route objects use the key names and value spellings of `ip -j -d addr show`
 * and `ip -j route show` (iproute2 6.1) for the fields Netloom reads, so one parser
 * serves both. Differences from ip: the lower link is always `link_index` (ip prints
 * `"link":"<name>"` when it lives in the same namespace), and only the fields listed in
 * core/kernel/nsdump/README.md are printed.
 *
 * Exit status: 0 (per-namespace failures are reported in-line), 2 on usage errors.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <poll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <linux/if_addr.h>
#include <linux/if_arp.h>
#include <linux/if_link.h>
#include <linux/net_namespace.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>

#ifndef RTEXT_FILTER_SKIP_STATS
#define RTEXT_FILTER_SKIP_STATS (1 << 3)
#endif
#ifndef RTNH_F_UNRESOLVED
#define RTNH_F_UNRESOLVED 32
#endif
#ifndef RTNH_F_TRAP
#define RTNH_F_TRAP 64
#endif
#ifndef RTM_F_OFFLOAD
#define RTM_F_OFFLOAD 0x4000
#endif
#ifndef RTM_F_TRAP
#define RTM_F_TRAP 0x8000
#endif
#ifndef RTM_F_OFFLOAD_FAILED
#define RTM_F_OFFLOAD_FAILED 0x20000000
#endif
#ifndef RTA_NH_ID
#define RTA_NH_ID 30
#endif

/* ---- growable output buffer ---------------------------------------------------- */

typedef struct {
	char *p;
	size_t n, cap;
} Buf;

static void die_oom(void)
{
	fputs("netloom-nsdump: out of memory\n", stderr);
	exit(1);
}

static void buf_reserve(Buf *b, size_t extra)
{
	size_t cap;
	char *p;

	if (b->n + extra <= b->cap)
		return;
	cap = b->cap ? b->cap : 4096;
	while (cap < b->n + extra)
		cap *= 2;
	p = realloc(b->p, cap);
	if (!p)
		die_oom();
	b->p = p;
	b->cap = cap;
}

static void put(Buf *b, const char *s, size_t n)
{
	buf_reserve(b, n);
	memcpy(b->p + b->n, s, n);
	b->n += n;
}

static void puts_(Buf *b, const char *s)
{
	put(b, s, strlen(s));
}

static void putf(Buf *b, const char *fmt, ...)
{
	va_list ap;
	int len;

	va_start(ap, fmt);
	len = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (len < 0)
		return;
	buf_reserve(b, (size_t)len + 1);
	va_start(ap, fmt);
	vsnprintf(b->p + b->n, (size_t)len + 1, fmt, ap);
	va_end(ap);
	b->n += (size_t)len;
}

/*
 * Interface names and paths are bytes, not text. Valid UTF-8 passes through; each
 * invalid sequence becomes U+FFFD exactly where a WHATWG decoder (Node's, reading ip's
 * raw output) would put one, so both readings of a name agree.
 */
static void put_json_str(Buf *b, const unsigned char *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	size_t i = 0;

	put(b, "\"", 1);
	while (i < n) {
		unsigned c = s[i];
		size_t need, j;
		unsigned lo = 0x80, hi = 0xBF;

		if (c < 0x80) {
			switch (c) {
			case '"': put(b, "\\\"", 2); break;
			case '\\': put(b, "\\\\", 2); break;
			case '\b': put(b, "\\b", 2); break;
			case '\f': put(b, "\\f", 2); break;
			case '\n': put(b, "\\n", 2); break;
			case '\r': put(b, "\\r", 2); break;
			case '\t': put(b, "\\t", 2); break;
			default:
				if (c < 0x20) {
					char esc[6] = { '\\', 'u', '0', '0', hex[c >> 4], hex[c & 15] };
					put(b, esc, 6);
				} else {
					char ch = (char)c;
					put(b, &ch, 1);
				}
			}
			i++;
			continue;
		}
		if (c >= 0xC2 && c <= 0xDF) {
			need = 1;
		} else if (c >= 0xE0 && c <= 0xEF) {
			need = 2;
			if (c == 0xE0)
				lo = 0xA0;
			if (c == 0xED)
				hi = 0x9F;
		} else if (c >= 0xF0 && c <= 0xF4) {
			need = 3;
			if (c == 0xF0)
				lo = 0x90;
			if (c == 0xF4)
				hi = 0x8F;
		} else {
			put(b, "\xEF\xBF\xBD", 3);
			i++;
			continue;
		}
		for (j = 1; j <= need && i + j < n; j++) {
			unsigned d = s[i + j];
			if (d < lo || d > hi)
				break;
			lo = 0x80;
			hi = 0xBF;
		}
		if (j == need + 1) {
			put(b, (const char *)s + i, need + 1);
		} else {
			put(b, "\xEF\xBF\xBD", 3);
		}
		i += j;
	}
	put(b, "\"", 1);
}

static void put_json_cstr(Buf *b, const char *s)
{
	put_json_str(b, (const unsigned char *)s, strlen(s));
}

/* ---- names, as iproute2 6.1 spells them --------------------------------------- */

static const char *arphrd_name(unsigned type, char *buf, size_t len)
{
	static const struct {
		unsigned type;
		const char *name;
	} names[] = {
		{ 0, "generic" }, { ARPHRD_ETHER, "ether" }, { ARPHRD_EETHER, "eether" },
		{ ARPHRD_AX25, "ax25" }, { ARPHRD_PRONET, "pronet" }, { ARPHRD_CHAOS, "chaos" },
		{ ARPHRD_IEEE802, "ieee802" }, { ARPHRD_ARCNET, "arcnet" },
		{ ARPHRD_APPLETLK, "atalk" }, { ARPHRD_DLCI, "dlci" }, { ARPHRD_ATM, "atm" },
		{ ARPHRD_METRICOM, "metricom" }, { ARPHRD_IEEE1394, "ieee1394" },
		{ ARPHRD_INFINIBAND, "infiniband" }, { ARPHRD_SLIP, "slip" },
		{ ARPHRD_CSLIP, "cslip" }, { ARPHRD_SLIP6, "slip6" }, { ARPHRD_CSLIP6, "cslip6" },
		{ ARPHRD_RSRVD, "rsrvd" }, { ARPHRD_ADAPT, "adapt" }, { ARPHRD_ROSE, "rose" },
		{ ARPHRD_X25, "x25" }, { ARPHRD_HWX25, "hwx25" }, { ARPHRD_CAN, "can" },
		{ ARPHRD_PPP, "ppp" }, { ARPHRD_HDLC, "hdlc" }, { ARPHRD_LAPB, "lapb" },
		{ ARPHRD_DDCMP, "ddcmp" }, { ARPHRD_RAWHDLC, "rawhdlc" },
		{ ARPHRD_TUNNEL, "ipip" }, { ARPHRD_TUNNEL6, "tunnel6" }, { ARPHRD_FRAD, "frad" },
		{ ARPHRD_SKIP, "skip" }, { ARPHRD_LOOPBACK, "loopback" },
		{ ARPHRD_LOCALTLK, "ltalk" }, { ARPHRD_FDDI, "fddi" }, { ARPHRD_BIF, "bif" },
		{ ARPHRD_SIT, "sit" }, { ARPHRD_IPDDP, "ip/ddp" }, { ARPHRD_IPGRE, "gre" },
		{ ARPHRD_PIMREG, "pimreg" }, { ARPHRD_HIPPI, "hippi" }, { ARPHRD_ASH, "ash" },
		{ ARPHRD_ECONET, "econet" }, { ARPHRD_IRDA, "irda" }, { ARPHRD_FCPP, "fcpp" },
		{ ARPHRD_FCAL, "fcal" }, { ARPHRD_FCPL, "fcpl" }, { ARPHRD_FCFABRIC, "fcfb0" },
		{ ARPHRD_FCFABRIC + 1, "fcfb1" }, { ARPHRD_FCFABRIC + 2, "fcfb2" },
		{ ARPHRD_FCFABRIC + 3, "fcfb3" }, { ARPHRD_FCFABRIC + 4, "fcfb4" },
		{ ARPHRD_FCFABRIC + 5, "fcfb5" }, { ARPHRD_FCFABRIC + 6, "fcfb6" },
		{ ARPHRD_FCFABRIC + 7, "fcfb7" }, { ARPHRD_FCFABRIC + 8, "fcfb8" },
		{ ARPHRD_FCFABRIC + 9, "fcfb9" }, { ARPHRD_FCFABRIC + 10, "fcfb10" },
		{ ARPHRD_FCFABRIC + 11, "fcfb11" }, { ARPHRD_FCFABRIC + 12, "fcfb12" },
		{ ARPHRD_IEEE802_TR, "tr" }, { ARPHRD_IEEE80211, "ieee802.11" },
		{ ARPHRD_IEEE80211_PRISM, "ieee802.11/prism" },
		{ ARPHRD_IEEE80211_RADIOTAP, "ieee802.11/radiotap" },
		{ ARPHRD_IEEE802154, "ieee802.15.4" },
		{ ARPHRD_IEEE802154_MONITOR, "ieee802.15.4/monitor" },
		{ ARPHRD_PHONET, "phonet" }, { ARPHRD_PHONET_PIPE, "phonet_pipe" },
		{ ARPHRD_CAIF, "caif" }, { ARPHRD_IP6GRE, "gre6" }, { ARPHRD_NETLINK, "netlink" },
		{ ARPHRD_6LOWPAN, "6lowpan" }, { ARPHRD_NONE, "none" }, { ARPHRD_VOID, "void" },
	};
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (names[i].type == type)
			return names[i].name;
	snprintf(buf, len, "[%u]", type);
	return buf;
}

static const char *rtscope_name(unsigned scope, char *buf, size_t len)
{
	switch (scope) {
	case RT_SCOPE_UNIVERSE: return "global";
	case RT_SCOPE_NOWHERE: return "nowhere";
	case RT_SCOPE_HOST: return "host";
	case RT_SCOPE_LINK: return "link";
	case RT_SCOPE_SITE: return "site";
	}
	snprintf(buf, len, "%u", scope);
	return buf;
}

/* Built-in iproute2 names plus Debian's /etc/iproute2/rt_protos. */
static const char *rtprot_name(unsigned proto, char *buf, size_t len)
{
	switch (proto) {
	case 0: return "unspec";
	case 1: return "redirect";
	case 2: return "kernel";
	case 3: return "boot";
	case 4: return "static";
	case 8: return "gated";
	case 9: return "ra";
	case 10: return "mrt";
	case 11: return "zebra";
	case 12: return "bird";
	case 13: return "dnrouted";
	case 14: return "xorp";
	case 15: return "ntk";
	case 16: return "dhcp";
	case 18: return "keepalived";
	case 42: return "babel";
	case 99: return "openr";
	case 186: return "bgp";
	case 187: return "isis";
	case 188: return "ospf";
	case 189: return "rip";
	case 192: return "eigrp";
	}
	snprintf(buf, len, "%u", proto);
	return buf;
}

static const char *rtntype_name(unsigned type, char *buf, size_t len)
{
	switch (type) {
	case RTN_UNSPEC: return "none";
	case RTN_UNICAST: return "unicast";
	case RTN_LOCAL: return "local";
	case RTN_BROADCAST: return "broadcast";
	case RTN_ANYCAST: return "anycast";
	case RTN_MULTICAST: return "multicast";
	case RTN_BLACKHOLE: return "blackhole";
	case RTN_UNREACHABLE: return "unreachable";
	case RTN_PROHIBIT: return "prohibit";
	case RTN_THROW: return "throw";
	case RTN_NAT: return "nat";
	case RTN_XRESOLVE: return "xresolve";
	}
	snprintf(buf, len, "%u", type);
	return buf;
}

static const char *const oper_states[] = {
	"UNKNOWN", "NOTPRESENT", "DOWN", "LOWERLAYERDOWN", "TESTING", "DORMANT", "UP",
};

/* ---- netlink ------------------------------------------------------------------- */

#define RECV_BUF_SIZE (256 * 1024)
static unsigned char recv_buf[RECV_BUF_SIZE];
static uint32_t nl_seq = 1;

static int nl_open(void)
{
	return socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
}

static int nl_send(int fd, struct nlmsghdr *n)
{
	struct sockaddr_nl sa;
	ssize_t r;

	memset(&sa, 0, sizeof(sa));
	sa.nl_family = AF_NETLINK;
	do {
		r = sendto(fd, n, n->nlmsg_len, 0, (struct sockaddr *)&sa, sizeof(sa));
	} while (r < 0 && errno == EINTR);
	return r < 0 ? -errno : 0;
}

static ssize_t nl_recv(int fd)
{
	ssize_t r;
	struct sockaddr_nl sa;
	struct iovec iov = { recv_buf, sizeof(recv_buf) };
	struct msghdr msg;

	memset(&msg, 0, sizeof(msg));
	msg.msg_name = &sa;
	msg.msg_namelen = sizeof(sa);
	msg.msg_iov = &iov;
	msg.msg_iovlen = 1;
	do {
		r = recvmsg(fd, &msg, 0);
	} while (r < 0 && errno == EINTR);
	if (r < 0)
		return -errno;
	if (msg.msg_flags & MSG_TRUNC)
		return -EMSGSIZE;
	return r;
}

typedef int (*nl_cb)(struct nlmsghdr *n, void *arg);

/*
 * Sends a dump request and feeds each reply to cb. Returns 0, a negative errno, or
 * 1 when the kernel flagged the dump as interrupted (the table changed meanwhile).
 */
static int nl_dump(int fd, struct nlmsghdr *req, nl_cb cb, void *arg)
{
	uint32_t seq = nl_seq++;
	int interrupted = 0;
	int err;

	req->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	req->nlmsg_seq = seq;
	err = nl_send(fd, req);
	if (err)
		return err;
	for (;;) {
		ssize_t len = nl_recv(fd);
		struct nlmsghdr *n;

		if (len < 0)
			return (int)len;
		if (len == 0)
			return -EPIPE;
		for (n = (struct nlmsghdr *)recv_buf; NLMSG_OK(n, (unsigned)len); n = NLMSG_NEXT(n, len)) {
			if (n->nlmsg_seq != seq)
				continue;
			if (n->nlmsg_flags & NLM_F_DUMP_INTR)
				interrupted = 1;
			if (n->nlmsg_type == NLMSG_DONE)
				return interrupted;
			if (n->nlmsg_type == NLMSG_ERROR) {
				struct nlmsgerr *e = NLMSG_DATA(n);
				if (n->nlmsg_len < NLMSG_LENGTH(sizeof(*e)))
					return -EBADMSG;
				return e->error ? e->error : interrupted;
			}
			err = cb(n, arg);
			if (err)
				return err;
		}
	}
}

static void parse_attrs(struct rtattr **tb, int max, struct rtattr *rta, int len)
{
	memset(tb, 0, sizeof(struct rtattr *) * (size_t)(max + 1));
	for (; RTA_OK(rta, len); rta = RTA_NEXT(rta, len)) {
		unsigned short type = rta->rta_type & (unsigned short)~NLA_F_NESTED;
		if (type <= max && !tb[type])
			tb[type] = rta;
	}
}

static uint32_t attr_u32(const struct rtattr *a)
{
	uint32_t v = 0;
	if (RTA_PAYLOAD(a) >= sizeof(v))
		memcpy(&v, RTA_DATA(a), sizeof(v));
	return v;
}

/* Returns the nsid `nl`'s namespace assigned to the namespace behind ns_fd, or -1. */
static int query_nsid(int nl, int ns_fd)
{
	struct {
		struct nlmsghdr n;
		struct rtgenmsg g;
		unsigned char pad[3];
		struct rtattr a;
		uint32_t fd;
	} req;
	uint32_t seq = nl_seq++;

	if (nl < 0 || ns_fd < 0)
		return -1;
	memset(&req, 0, sizeof(req));
	req.n.nlmsg_len = sizeof(req);
	req.n.nlmsg_type = RTM_GETNSID;
	req.n.nlmsg_flags = NLM_F_REQUEST;
	req.n.nlmsg_seq = seq;
	req.g.rtgen_family = AF_UNSPEC;
	req.a.rta_type = NETNSA_FD;
	req.a.rta_len = RTA_LENGTH(sizeof(uint32_t));
	req.fd = (uint32_t)ns_fd;
	if (nl_send(nl, &req.n))
		return -1;
	for (;;) {
		ssize_t len = nl_recv(nl);
		struct nlmsghdr *n;

		if (len <= 0)
			return -1;
		for (n = (struct nlmsghdr *)recv_buf; NLMSG_OK(n, (unsigned)len); n = NLMSG_NEXT(n, len)) {
			struct rtattr *tb[NETNSA_MAX + 1];

			if (n->nlmsg_seq != seq)
				continue;
			if (n->nlmsg_type != RTM_NEWNSID)
				return -1;
			if (n->nlmsg_len < NLMSG_LENGTH(sizeof(struct rtgenmsg)))
				return -1;
			parse_attrs(tb, NETNSA_MAX,
				    (struct rtattr *)((char *)NLMSG_DATA(n) + NLMSG_ALIGN(sizeof(struct rtgenmsg))),
				    (int)n->nlmsg_len - NLMSG_SPACE(sizeof(struct rtgenmsg)));
			return tb[NETNSA_NSID] ? (int)(int32_t)attr_u32(tb[NETNSA_NSID]) : -1;
		}
	}
}

/* ---- one namespace's state ------------------------------------------------------ */

#define KIND_MAX 64

struct link {
	int ifindex;
	unsigned type, flags;
	unsigned char name[IFNAMSIZ + 1];
	size_t name_len;
	int has_mtu, has_oper, has_master, has_link, has_link_nsid, has_linkinfo;
	uint32_t mtu, master, iflink;
	unsigned oper;
	int32_t link_nsid;
	unsigned char addr[64];
	size_t addr_len;
	int has_addr;
	char kind[KIND_MAX], slave_kind[KIND_MAX];
	int has_kind, has_slave_kind;
};

struct addr {
	int ifindex;
	unsigned family, prefixlen, scope;
	unsigned char local[16], peer[16], brd[16];
	int has_local, has_peer, has_brd, has_label;
	unsigned char label[IFNAMSIZ + 1];
	size_t label_len;
};

struct ns {
	struct link *links;
	size_t nlinks, links_cap;
	struct addr *addrs;
	size_t naddrs, addrs_cap;
	Buf routes; /* the "routes" array's elements, already rendered */
	size_t nroutes;
};

static void ns_reset(struct ns *s)
{
	s->nlinks = 0;
	s->naddrs = 0;
	s->routes.n = 0;
	s->nroutes = 0;
}

static const struct link *find_link(const struct ns *s, uint32_t ifindex)
{
	size_t i;
	for (i = 0; i < s->nlinks; i++)
		if ((uint32_t)s->links[i].ifindex == ifindex)
			return &s->links[i];
	return NULL;
}

static void copy_str_attr(const struct rtattr *a, char *dst, size_t cap)
{
	size_t n = strnlen(RTA_DATA(a), RTA_PAYLOAD(a));
	if (n >= cap)
		n = cap - 1;
	memcpy(dst, RTA_DATA(a), n);
	dst[n] = 0;
}

static int on_link(struct nlmsghdr *n, void *arg)
{
	struct ns *s = arg;
	struct ifinfomsg *ifi = NLMSG_DATA(n);
	struct rtattr *tb[IFLA_MAX + 1];
	struct link *l;

	if (n->nlmsg_type != RTM_NEWLINK || n->nlmsg_len < NLMSG_LENGTH(sizeof(*ifi)))
		return 0;
	parse_attrs(tb, IFLA_MAX, IFLA_RTA(ifi), (int)IFLA_PAYLOAD(n));
	if (!tb[IFLA_IFNAME])
		return 0;
	if (s->nlinks == s->links_cap) {
		size_t cap = s->links_cap ? s->links_cap * 2 : 16;
		struct link *p = realloc(s->links, cap * sizeof(*p));
		if (!p)
			die_oom();
		s->links = p;
		s->links_cap = cap;
	}
	l = &s->links[s->nlinks++];
	memset(l, 0, sizeof(*l));
	l->ifindex = ifi->ifi_index;
	l->type = ifi->ifi_type;
	l->flags = ifi->ifi_flags;
	l->name_len = strnlen(RTA_DATA(tb[IFLA_IFNAME]), RTA_PAYLOAD(tb[IFLA_IFNAME]));
	if (l->name_len > IFNAMSIZ)
		l->name_len = IFNAMSIZ;
	memcpy(l->name, RTA_DATA(tb[IFLA_IFNAME]), l->name_len);
	if (tb[IFLA_MTU]) {
		l->has_mtu = 1;
		l->mtu = attr_u32(tb[IFLA_MTU]);
	}
	if (tb[IFLA_OPERSTATE] && RTA_PAYLOAD(tb[IFLA_OPERSTATE]) >= 1) {
		l->has_oper = 1;
		l->oper = *(unsigned char *)RTA_DATA(tb[IFLA_OPERSTATE]);
	}
	if (tb[IFLA_ADDRESS]) {
		l->addr_len = RTA_PAYLOAD(tb[IFLA_ADDRESS]);
		if (l->addr_len > sizeof(l->addr))
			l->addr_len = sizeof(l->addr);
		l->has_addr = l->addr_len > 0;
		memcpy(l->addr, RTA_DATA(tb[IFLA_ADDRESS]), l->addr_len);
	}
	if (tb[IFLA_MASTER]) {
		l->has_master = 1;
		l->master = attr_u32(tb[IFLA_MASTER]);
	}
	if (tb[IFLA_LINK]) {
		l->has_link = 1;
		l->iflink = attr_u32(tb[IFLA_LINK]);
	}
	if (tb[IFLA_LINK_NETNSID]) {
		l->has_link_nsid = 1;
		l->link_nsid = (int32_t)attr_u32(tb[IFLA_LINK_NETNSID]);
	}
	if (tb[IFLA_LINKINFO]) {
		struct rtattr *li[IFLA_INFO_MAX + 1];
		l->has_linkinfo = 1;
		parse_attrs(li, IFLA_INFO_MAX, RTA_DATA(tb[IFLA_LINKINFO]), (int)RTA_PAYLOAD(tb[IFLA_LINKINFO]));
		if (li[IFLA_INFO_KIND]) {
			l->has_kind = 1;
			copy_str_attr(li[IFLA_INFO_KIND], l->kind, sizeof(l->kind));
		}
		if (li[IFLA_INFO_SLAVE_KIND]) {
			l->has_slave_kind = 1;
			copy_str_attr(li[IFLA_INFO_SLAVE_KIND], l->slave_kind, sizeof(l->slave_kind));
		}
	}
	return 0;
}

static int copy_inet_attr(const struct rtattr *a, unsigned family, unsigned char *dst)
{
	size_t want = family == AF_INET ? 4 : 16;
	if (!a || RTA_PAYLOAD(a) < want)
		return 0;
	memcpy(dst, RTA_DATA(a), want);
	return 1;
}

static int on_addr(struct nlmsghdr *n, void *arg)
{
	struct ns *s = arg;
	struct ifaddrmsg *ifa = NLMSG_DATA(n);
	struct rtattr *tb[IFA_MAX + 1];
	struct rtattr *local, *address;
	struct addr *a;

	if (n->nlmsg_type != RTM_NEWADDR || n->nlmsg_len < NLMSG_LENGTH(sizeof(*ifa)))
		return 0;
	if (ifa->ifa_family != AF_INET && ifa->ifa_family != AF_INET6)
		return 0;
	parse_attrs(tb, IFA_MAX, IFA_RTA(ifa), (int)IFA_PAYLOAD(n));
	/* ip's rule: IFA_LOCAL is the address, IFA_ADDRESS the peer when they differ. */
	local = tb[IFA_LOCAL] ? tb[IFA_LOCAL] : tb[IFA_ADDRESS];
	address = tb[IFA_ADDRESS] ? tb[IFA_ADDRESS] : tb[IFA_LOCAL];
	if (s->naddrs == s->addrs_cap) {
		size_t cap = s->addrs_cap ? s->addrs_cap * 2 : 16;
		struct addr *p = realloc(s->addrs, cap * sizeof(*p));
		if (!p)
			die_oom();
		s->addrs = p;
		s->addrs_cap = cap;
	}
	a = &s->addrs[s->naddrs++];
	memset(a, 0, sizeof(*a));
	a->ifindex = (int)ifa->ifa_index;
	a->family = ifa->ifa_family;
	a->prefixlen = ifa->ifa_prefixlen;
	a->scope = ifa->ifa_scope;
	a->has_local = copy_inet_attr(local, a->family, a->local);
	a->has_peer = copy_inet_attr(address, a->family, a->peer) &&
		      memcmp(a->peer, a->local, a->family == AF_INET ? 4 : 16) != 0;
	a->has_brd = copy_inet_attr(tb[IFA_BROADCAST], a->family, a->brd);
	if (tb[IFA_LABEL]) {
		a->has_label = 1;
		a->label_len = strnlen(RTA_DATA(tb[IFA_LABEL]), RTA_PAYLOAD(tb[IFA_LABEL]));
		if (a->label_len > IFNAMSIZ)
			a->label_len = IFNAMSIZ;
		memcpy(a->label, RTA_DATA(tb[IFA_LABEL]), a->label_len);
	}
	return 0;
}

static void put_inet(Buf *b, unsigned family, const void *data)
{
	char text[INET6_ADDRSTRLEN];
	if (!inet_ntop((int)family, data, text, sizeof(text)))
		strcpy(text, "?");
	put_json_cstr(b, text);
}

static void put_inet_attr(Buf *b, unsigned family, const struct rtattr *a)
{
	unsigned char raw[16];
	if (copy_inet_attr(a, family, raw))
		put_inet(b, family, raw);
	else
		put_json_cstr(b, "?");
}

/* ip's ll_index_to_name(): the name in this namespace, else "if<N>". */
static void put_ifname(Buf *b, const struct ns *s, uint32_t ifindex)
{
	const struct link *l = find_link(s, ifindex);
	if (l) {
		put_json_str(b, l->name, l->name_len);
	} else {
		char text[24];
		snprintf(text, sizeof(text), "if%u", ifindex);
		put_json_cstr(b, text);
	}
}

static void put_rt_flags(Buf *b, unsigned flags)
{
	static const struct {
		unsigned mask;
		const char *name;
	} names[] = {
		{ RTNH_F_DEAD, "dead" }, { RTNH_F_ONLINK, "onlink" },
		{ RTNH_F_PERVASIVE, "pervasive" }, { RTNH_F_OFFLOAD, "offload" },
		{ RTNH_F_TRAP, "trap" }, { RTM_F_NOTIFY, "notify" },
		{ RTNH_F_LINKDOWN, "linkdown" }, { RTNH_F_UNRESOLVED, "unresolved" },
		{ RTM_F_OFFLOAD, "rt_offload" }, { RTM_F_TRAP, "rt_trap" },
		{ RTM_F_OFFLOAD_FAILED, "rt_offload_failed" },
	};
	size_t i;
	int first = 1;

	puts_(b, "\"flags\":[");
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (!(flags & names[i].mask))
			continue;
		if (!first)
			puts_(b, ",");
		first = 0;
		put_json_cstr(b, names[i].name);
	}
	puts_(b, "]");
}

static void put_nexthops(Buf *b, const struct ns *s, const struct rtmsg *r, const struct rtattr *mp)
{
	const struct rtnexthop *nh = RTA_DATA(mp);
	int len = (int)RTA_PAYLOAD(mp);
	int first = 1;

	puts_(b, ",\"nexthops\":[");
	while (len >= (int)sizeof(*nh) && nh->rtnh_len >= sizeof(*nh) && nh->rtnh_len <= len) {
		struct rtattr *tb[RTA_MAX + 1];

		puts_(b, first ? "{" : ",{");
		first = 0;
		parse_attrs(tb, RTA_MAX, RTNH_DATA(nh), nh->rtnh_len - (int)sizeof(*nh));
		if (tb[RTA_GATEWAY]) {
			puts_(b, "\"gateway\":");
			put_inet_attr(b, r->rtm_family, tb[RTA_GATEWAY]);
			puts_(b, ",");
		}
		puts_(b, "\"dev\":");
		put_ifname(b, s, (uint32_t)nh->rtnh_ifindex);
		putf(b, ",\"weight\":%d,", nh->rtnh_hops + 1);
		put_rt_flags(b, nh->rtnh_flags);
		puts_(b, "}");
		len -= (int)RTNH_ALIGN(nh->rtnh_len);
		nh = RTNH_NEXT(nh);
	}
	puts_(b, "]");
}

/* Renders one IPv4 main-table route like print_route() in iproute2's ip/iproute.c. */
static int on_route(struct nlmsghdr *n, void *arg)
{
	struct ns *s = arg;
	struct rtmsg *r = NLMSG_DATA(n);
	struct rtattr *tb[RTA_MAX + 1];
	uint32_t table;
	char name[32];
	Buf *b = &s->routes;

	if (n->nlmsg_type != RTM_NEWROUTE || n->nlmsg_len < NLMSG_LENGTH(sizeof(*r)))
		return 0;
	if (r->rtm_family != AF_INET)
		return 0;
	parse_attrs(tb, RTA_MAX, RTM_RTA(r), (int)RTM_PAYLOAD(n));
	table = tb[RTA_TABLE] ? attr_u32(tb[RTA_TABLE]) : r->rtm_table;
	if (table != RT_TABLE_MAIN)
		return 0;

	if (s->nroutes++)
		puts_(b, ",");
	puts_(b, "{");
	if (r->rtm_type != RTN_UNICAST) {
		puts_(b, "\"type\":");
		put_json_cstr(b, rtntype_name(r->rtm_type, name, sizeof(name)));
		puts_(b, ",");
	}
	puts_(b, "\"dst\":");
	if (tb[RTA_DST]) {
		unsigned char raw[4];
		char text[INET_ADDRSTRLEN + 8];
		if (!copy_inet_attr(tb[RTA_DST], AF_INET, raw) || !inet_ntop(AF_INET, raw, text, INET_ADDRSTRLEN))
			strcpy(text, "?");
		if (r->rtm_dst_len != 32)
			snprintf(text + strlen(text), 8, "/%u", r->rtm_dst_len);
		put_json_cstr(b, text);
	} else if (r->rtm_dst_len) {
		putf(b, "\"0/%u\"", r->rtm_dst_len);
	} else {
		puts_(b, "\"default\"");
	}
	if (tb[RTA_NH_ID])
		putf(b, ",\"nhid\":%u", attr_u32(tb[RTA_NH_ID]));
	if (tb[RTA_GATEWAY]) {
		puts_(b, ",\"gateway\":");
		put_inet_attr(b, AF_INET, tb[RTA_GATEWAY]);
	}
	if (tb[RTA_OIF]) {
		puts_(b, ",\"dev\":");
		put_ifname(b, s, attr_u32(tb[RTA_OIF]));
	}
	if (!(r->rtm_flags & RTM_F_CLONED)) {
		if (r->rtm_protocol != RTPROT_BOOT) {
			puts_(b, ",\"protocol\":");
			put_json_cstr(b, rtprot_name(r->rtm_protocol, name, sizeof(name)));
		}
		if (r->rtm_scope != RT_SCOPE_UNIVERSE) {
			puts_(b, ",\"scope\":");
			put_json_cstr(b, rtscope_name(r->rtm_scope, name, sizeof(name)));
		}
	}
	if (tb[RTA_PREFSRC]) {
		puts_(b, ",\"prefsrc\":");
		put_inet_attr(b, AF_INET, tb[RTA_PREFSRC]);
	}
	if (tb[RTA_PRIORITY])
		putf(b, ",\"metric\":%u", attr_u32(tb[RTA_PRIORITY]));
	puts_(b, ",");
	put_rt_flags(b, r->rtm_flags);
	if (tb[RTA_MULTIPATH])
		put_nexthops(b, s, r, tb[RTA_MULTIPATH]);
	puts_(b, "}");
	return 0;
}

/* print_link_flags() from ip/ipaddress.c, including its NO-CARRIER and M-DOWN. */
static void put_link_flags(Buf *b, unsigned flags, int mdown)
{
	static const struct {
		unsigned mask;
		const char *name;
	} names[] = {
		{ IFF_LOOPBACK, "LOOPBACK" }, { IFF_BROADCAST, "BROADCAST" },
		{ IFF_POINTOPOINT, "POINTOPOINT" }, { IFF_MULTICAST, "MULTICAST" },
		{ IFF_NOARP, "NOARP" }, { IFF_ALLMULTI, "ALLMULTI" }, { IFF_PROMISC, "PROMISC" },
		{ IFF_MASTER, "MASTER" }, { IFF_SLAVE, "SLAVE" }, { IFF_DEBUG, "DEBUG" },
		{ IFF_DYNAMIC, "DYNAMIC" }, { IFF_AUTOMEDIA, "AUTOMEDIA" },
		{ IFF_PORTSEL, "PORTSEL" }, { IFF_NOTRAILERS, "NOTRAILERS" }, { IFF_UP, "UP" },
		{ IFF_LOWER_UP, "LOWER_UP" }, { IFF_DORMANT, "DORMANT" }, { IFF_ECHO, "ECHO" },
	};
	size_t i;
	int first = 1;

	puts_(b, "\"flags\":[");
	if ((flags & IFF_UP) && !(flags & IFF_RUNNING)) {
		puts_(b, "\"NO-CARRIER\"");
		first = 0;
	}
	flags &= ~(unsigned)IFF_RUNNING;
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (!(flags & names[i].mask))
			continue;
		flags &= ~names[i].mask;
		if (!first)
			puts_(b, ",");
		first = 0;
		put_json_cstr(b, names[i].name);
	}
	if (flags) {
		putf(b, "%s\"%x\"", first ? "" : ",", flags);
		first = 0;
	}
	if (mdown)
		puts_(b, first ? "\"M-DOWN\"" : ",\"M-DOWN\"");
	puts_(b, "]");
}

static void put_link(Buf *b, const struct ns *s, const struct link *l)
{
	char name[32];
	size_t i;
	int mdown = 0, first_addr = 1;

	putf(b, "{\"ifindex\":%d", l->ifindex);
	/* ip prints a lower link 0 as "link":null ("@NONE"), i.e. no lower link. */
	if (l->has_link && l->iflink != 0) {
		putf(b, ",\"link_index\":%u", l->iflink);
		if (!l->has_link_nsid) {
			const struct link *lower = find_link(s, l->iflink);
			mdown = lower && !(lower->flags & IFF_UP);
		}
	}
	puts_(b, ",\"ifname\":");
	put_json_str(b, l->name, l->name_len);
	puts_(b, ",");
	put_link_flags(b, l->flags, mdown);
	if (l->has_mtu)
		putf(b, ",\"mtu\":%u", l->mtu);
	if (l->has_oper) {
		if (l->oper < sizeof(oper_states) / sizeof(oper_states[0]))
			putf(b, ",\"operstate\":\"%s\"", oper_states[l->oper]);
		else
			putf(b, ",\"operstate_index\":%u", l->oper);
	}
	puts_(b, ",\"link_type\":");
	put_json_cstr(b, arphrd_name(l->type, name, sizeof(name)));
	if (l->has_addr) {
		/* ll_addr_n2a(): tunnels carry IP addresses as their link-layer address. */
		char text[3 * sizeof(l->addr) + 1];
		if (l->addr_len == 4 && (l->type == ARPHRD_TUNNEL || l->type == ARPHRD_SIT || l->type == ARPHRD_IPGRE)) {
			inet_ntop(AF_INET, l->addr, text, sizeof(text));
		} else if (l->addr_len == 16 && (l->type == ARPHRD_TUNNEL6 || l->type == ARPHRD_IP6GRE)) {
			inet_ntop(AF_INET6, l->addr, text, sizeof(text));
		} else {
			size_t off = 0;
			for (i = 0; i < l->addr_len; i++)
				off += (size_t)snprintf(text + off, sizeof(text) - off, i ? ":%02x" : "%02x", l->addr[i]);
		}
		puts_(b, ",\"address\":");
		put_json_cstr(b, text);
	}
	if (l->has_master) {
		puts_(b, ",\"master\":");
		put_ifname(b, s, l->master);
	}
	if (l->has_link_nsid)
		putf(b, ",\"link_netnsid\":%d", l->link_nsid);
	if (l->has_linkinfo) {
		puts_(b, ",\"linkinfo\":{");
		if (l->has_kind) {
			puts_(b, "\"info_kind\":");
			put_json_cstr(b, l->kind);
		}
		if (l->has_slave_kind) {
			puts_(b, l->has_kind ? ",\"info_slave_kind\":" : "\"info_slave_kind\":");
			put_json_cstr(b, l->slave_kind);
		}
		puts_(b, "}");
	}
	puts_(b, ",\"addr_info\":[");
	for (i = 0; i < s->naddrs; i++) {
		const struct addr *a = &s->addrs[i];
		if (a->ifindex != l->ifindex || !a->has_local)
			continue;
		puts_(b, first_addr ? "{" : ",{");
		first_addr = 0;
		putf(b, "\"family\":\"%s\",\"local\":", a->family == AF_INET ? "inet" : "inet6");
		put_inet(b, a->family, a->local);
		if (a->has_peer) {
			puts_(b, ",\"address\":");
			put_inet(b, a->family, a->peer);
		}
		putf(b, ",\"prefixlen\":%u", a->prefixlen);
		if (a->has_brd) {
			puts_(b, ",\"broadcast\":");
			put_inet(b, a->family, a->brd);
		}
		puts_(b, ",\"scope\":");
		put_json_cstr(b, rtscope_name(a->scope, name, sizeof(name)));
		if (a->has_label) {
			puts_(b, ",\"label\":");
			put_json_str(b, a->label, a->label_len);
		}
		puts_(b, "}");
	}
	puts_(b, "]}");
}

/* Fills s from the namespace the calling thread is in. Returns 0 or a negative errno. */
static int dump_current_ns(int nl, struct ns *s)
{
	int attempt, err = 0;

	/* A dump the kernel marks as interrupted may mix old and new state: read again. */
	for (attempt = 0; attempt < 3; attempt++) {
		struct {
			struct nlmsghdr n;
			struct ifinfomsg i;
			struct rtattr a;
			uint32_t mask;
		} link_req;
		struct {
			struct nlmsghdr n;
			struct ifaddrmsg a;
		} addr_req;
		struct {
			struct nlmsghdr n;
			struct rtmsg r;
		} route_req;
		int interrupted = 0;

		ns_reset(s);
		memset(&link_req, 0, sizeof(link_req));
		link_req.n.nlmsg_len = sizeof(link_req);
		link_req.n.nlmsg_type = RTM_GETLINK;
		link_req.i.ifi_family = AF_UNSPEC;
		link_req.a.rta_type = IFLA_EXT_MASK;
		link_req.a.rta_len = RTA_LENGTH(sizeof(uint32_t));
		link_req.mask = RTEXT_FILTER_SKIP_STATS;
		err = nl_dump(nl, &link_req.n, on_link, s);
		if (err < 0)
			return err;
		interrupted |= err;

		memset(&addr_req, 0, sizeof(addr_req));
		addr_req.n.nlmsg_len = sizeof(addr_req);
		addr_req.n.nlmsg_type = RTM_GETADDR;
		addr_req.a.ifa_family = AF_UNSPEC;
		err = nl_dump(nl, &addr_req.n, on_addr, s);
		if (err < 0)
			return err;
		interrupted |= err;

		memset(&route_req, 0, sizeof(route_req));
		route_req.n.nlmsg_len = sizeof(route_req);
		route_req.n.nlmsg_type = RTM_GETROUTE;
		route_req.r.rtm_family = AF_INET;
		err = nl_dump(nl, &route_req.n, on_route, s);
		if (err < 0)
			return err;
		interrupted |= err;
		if (!interrupted)
			return 0;
	}
	return 0;
}

/* ---- reading targets ---------------------------------------------------------- */

/* What one process (the parent, or a worker after fork) needs to read its targets. */
struct run {
	char **paths;
	int count; /* targets to read; paths[count..total) are --peers, held only to resolve nsids */
	int total;
	int *by_ino; /* indices of the held namespaces, by inode */
	int nby_ino;
	int *fds, *open_err, *nsids;
	ino_t *inos; /* each target's namespace inode, 0 when it could not be opened */
	int keep_fds; /* targets stay open after their turn: peers are resolved through them */
	int start_fd;
	struct stat start_st;
	int have_start;
	int start_nl; /* this process's own socket in the starting namespace */
	struct stat cur_st; /* the namespace this process is in now */
	int have_cur;
	int start_dumped;
	struct ns s;
};

static void put_error_line(Buf *out, const char *target, int err)
{
	puts_(out, "{\"target\":");
	put_json_cstr(out, target);
	puts_(out, ",\"error\":");
	put_json_cstr(out, strerror(err));
	putf(out, ",\"errno\":%d}\n", err);
}

static void flush_to(int fd, Buf *out)
{
	size_t off = 0;
	while (off < out->n) {
		ssize_t w = write(fd, out->p + off, out->n - off);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			exit(1);
		}
		off += (size_t)w;
	}
	out->n = 0;
}

static int is_start(const struct run *r, const struct stat *st)
{
	return r->have_start && st->st_ino == r->start_st.st_ino && st->st_dev == r->start_st.st_dev;
}

/*
 * A link's IFLA_LINK_NETNSID is a number the reporting namespace gave its peer's
 * namespace; the same number means another namespace elsewhere. Each nsid the links use
 * is tied to a namespace inode by asking this namespace (`nl`) for the nsid of every
 * namespace we hold open, the starting one first (containers' veths end there), until
 * all are known. An nsid of a namespace we do not hold stays unresolved: never guessed.
 */
struct peer_ids {
	int32_t *nsid;
	ino_t *ino;
	size_t n, cap, resolved;
};

/* Held namespaces (indices into r->fds) that resolved lately. */
#define RECENT_PEERS 8
static int recent_peers[RECENT_PEERS];
static int n_recent_peers;

/* Asks nl's namespace for target j's nsid; returns 1 when that matched an unresolved one. */
static int try_peer(const struct run *r, int nl, ino_t self, int j, struct peer_ids *p)
{
	int fd = r->fds[j];
	ino_t ino = r->inos[j];
	int id, hit = 0;
	size_t m;

	/* The starting namespace was asked already: host_nsid. */
	if (fd < 0 || ino == 0 || ino == self || (r->have_start && ino == r->start_st.st_ino))
		return 0;
	id = query_nsid(nl, fd);
	if (id < 0)
		return 0;
	for (m = 0; m < p->n; m++)
		if (p->nsid[m] == id && p->ino[m] == 0) {
			p->ino[m] = ino;
			p->resolved++;
			hit = 1;
		}
	return hit;
}

static void remember_peer(int j)
{
	int k;
	for (k = 0; k < n_recent_peers; k++)
		if (recent_peers[k] == j)
			return;
	if (n_recent_peers < RECENT_PEERS)
		n_recent_peers++;
	memmove(recent_peers + 1, recent_peers, sizeof(int) * (size_t)(n_recent_peers - 1));
	recent_peers[0] = j;
}

#define NEAR_FIRST 4

static void resolve_peer_nsids(const struct run *r, int nl, ino_t self, int host_nsid, const struct ns *s,
			       struct peer_ids *p)
{
	size_t k, m;
	int j, lo, hi, asked;

	p->n = p->resolved = 0;
	if (p->cap < s->nlinks) {
		p->cap = s->nlinks;
		p->nsid = realloc(p->nsid, p->cap * sizeof(*p->nsid));
		p->ino = realloc(p->ino, p->cap * sizeof(*p->ino));
		if (!p->nsid || !p->ino)
			die_oom();
	}
	for (k = 0; k < s->nlinks; k++) {
		const struct link *l = &s->links[k];
		if (!l->has_link_nsid || l->link_nsid < 0)
			continue;
		for (m = 0; m < p->n && p->nsid[m] != l->link_nsid; m++)
			;
		if (m == p->n) {
			p->nsid[p->n] = l->link_nsid;
			p->ino[p->n++] = 0;
		}
	}
	if (p->n == 0)
		return;
	/*
	 * The starting namespace first; then the namespaces that answered lately (a Swarm
	 * node's containers all end in a few overlay namespaces); then every other one.
	 */
	/* The starting namespace's nsid is already known (host_nsid): no question needed. */
	for (m = 0; m < p->n && host_nsid >= 0 && r->have_start; m++)
		if (p->nsid[m] == host_nsid && p->ino[m] == 0 && r->start_st.st_ino != self) {
			p->ino[m] = r->start_st.st_ino;
			p->resolved++;
		}
	/* In the starting namespace, the ids asked at open time are ties already. */
	for (j = 0; r->have_start && self == r->start_st.st_ino && j < r->total && p->resolved < p->n; j++)
		for (m = 0; m < p->n && r->nsids[j] >= 0 && r->inos[j] != 0; m++)
			if (p->nsid[m] == r->nsids[j] && p->ino[m] == 0) {
				p->ino[m] = r->inos[j];
				p->resolved++;
			}
	/*
	 * Then outward from our own inode: namespaces made together (`ip netns add a; ip netns
	 * add b`) get inodes close together, so a peer is found in a few questions where a walk
	 * in argument order asks about half of all (~4 µs each: 0.5 s for 250 directly joined
	 * pairs). After the first few, the namespaces that answered lately: a Swarm node's
	 * containers all end in a few overlay namespaces, made long before them.
	 */
	lo = 0;
	hi = r->nby_ino;
	while (lo < hi) {
		int mid = lo + (hi - lo) / 2;
		if (r->inos[r->by_ino[mid]] < self)
			lo = mid + 1;
		else
			hi = mid;
	}
	hi = lo;
	lo--;
	for (asked = 0; (lo >= 0 || hi < r->nby_ino) && p->resolved < p->n; asked++) {
		int take_hi = lo < 0 || (hi < r->nby_ino && r->inos[r->by_ino[hi]] - self <= self - r->inos[r->by_ino[lo]]);
		if (asked == NEAR_FIRST)
			for (k = 0; k < (size_t)n_recent_peers && p->resolved < p->n; k++)
				try_peer(r, nl, self, recent_peers[k], p);
		j = take_hi ? r->by_ino[hi++] : r->by_ino[lo--];
		if (try_peer(r, nl, self, j, p))
			remember_peer(j);
	}
}

static void put_peer_nsids(Buf *b, const struct peer_ids *p)
{
	size_t m;
	int first = 1;

	puts_(b, ",\"nsids\":[");
	for (m = 0; m < p->n; m++) {
		if (p->ino[m] == 0)
			continue;
		putf(b, "%s{\"nsid\":%d,\"inode\":%llu}", first ? "" : ",", p->nsid[m], (unsigned long long)p->ino[m]);
		first = 0;
	}
	puts_(b, "]");
}

/*
 * net.ipv4.ip_forward of the namespace this process is in now: /proc/sys/net answers for
 * the network namespace of whoever opens it, so no remount is needed. -1: unreadable.
 */
static int read_ip_forward(void)
{
	char c = 0;
	ssize_t n;
	int fd = open("/proc/sys/net/ipv4/ip_forward", O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return -1;
	n = read(fd, &c, 1);
	close(fd);
	return n == 1 && (c == '0' || c == '1') ? c - '0' : -1;
}

static void read_target(struct run *r, int i, Buf *out)
{
	const char *target = r->paths[i];
	struct stat st;
	int fd = r->fds[i], nl, err, host_nsid, forward;
	static struct peer_ids peers;
	size_t k;

	/* Too many targets for the fd limit: this one waited, open it now. */
	if (fd < 0 && (r->open_err[i] == EMFILE || r->open_err[i] == ENFILE)) {
		fd = open(target, O_RDONLY | O_CLOEXEC);
		r->open_err[i] = fd < 0 ? errno : 0;
		if (fd >= 0)
			r->nsids[i] = query_nsid(r->start_nl, fd);
	}
	if (fd < 0) {
		put_error_line(out, target, r->open_err[i]);
		goto done;
	}
	if (fstat(fd, &st) < 0) {
		put_error_line(out, target, errno);
		goto done;
	}
	/* Staying put needs no privilege: the starting namespace reads fine unprivileged. */
	if (!r->have_cur || st.st_ino != r->cur_st.st_ino || st.st_dev != r->cur_st.st_dev) {
		if (setns(fd, CLONE_NEWNET) < 0) {
			put_error_line(out, target, errno);
			goto done;
		}
		r->cur_st = st;
		r->have_cur = 1;
	}
	nl = nl_open();
	if (nl < 0) {
		put_error_line(out, target, errno);
		goto done;
	}
	err = dump_current_ns(nl, &r->s);
	host_nsid = query_nsid(nl, r->start_fd);
	forward = read_ip_forward();
	if (err >= 0)
		resolve_peer_nsids(r, nl, st.st_ino, host_nsid, &r->s, &peers);
	close(nl);
	if (err < 0) {
		put_error_line(out, target, -err);
		goto done;
	}
	/*
	 * Dumping the starting namespace's links makes it assign ids to its veth peers'
	 * namespaces; once that happened in this run, an early "none" may be stale.
	 */
	if (r->start_dumped && r->nsids[i] < 0)
		r->nsids[i] = query_nsid(r->start_nl, fd);
	if (is_start(r, &st))
		r->start_dumped = 1;

	puts_(out, "{\"target\":");
	put_json_cstr(out, target);
	putf(out, ",\"inode\":%llu,\"nsid\":%d,\"hostNsid\":%d,\"ipForward\":%d", (unsigned long long)st.st_ino,
	     r->nsids[i], host_nsid, forward);
	put_peer_nsids(out, &peers);
	puts_(out, ",\"links\":[");
	for (k = 0; k < r->s.nlinks; k++) {
		if (k)
			puts_(out, ",");
		put_link(out, &r->s, &r->s.links[k]);
	}
	puts_(out, "],\"routes\":[");
	put(out, r->s.routes.p ? r->s.routes.p : "", r->s.routes.n);
	puts_(out, "]}\n");
done:
	if (r->keep_fds)
		return;
	if (fd >= 0)
		close(fd);
	r->fds[i] = -1;
}

/* Reads targets [from, to) in order; out is flushed to out_fd as it grows. */
static void read_targets(struct run *r, int from, int to, Buf *out, int out_fd)
{
	int i;
	for (i = from; i < to; i++) {
		read_target(r, i, out);
		if (out_fd >= 0 && out->n > 256 * 1024)
			flush_to(out_fd, out);
	}
}

/* ---- workers ------------------------------------------------------------------- */

/*
 * The kernel work (dumps, socket setup) is nearly all of the cost and runs in parallel
 * across CPUs: two workers on two cores read 500 namespaces in ~25 ms instead of ~40.
 * Forked processes rather than threads: plain libc, and setns() stays per process.
 */
#define MAX_WORKERS 8
#define MIN_TARGETS_PER_WORKER 32

struct worker {
	pid_t pid;
	int fd;
	int from, to;
	Buf out;
};

static int worker_count(int targets)
{
	const char *env = getenv("NETLOOM_NSDUMP_WORKERS");
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	cpu_set_t set;

	if (sched_getaffinity(0, sizeof(set), &set) == 0)
		n = CPU_COUNT(&set);
	if (env && *env)
		n = strtol(env, NULL, 10); /* for tests: no minimum slice size */
	else if (n > targets / MIN_TARGETS_PER_WORKER)
		n = targets / MIN_TARGETS_PER_WORKER;
	if (n > MAX_WORKERS)
		n = MAX_WORKERS;
	if (n > targets)
		n = targets;
	return n < 2 ? 1 : (int)n;
}

static void start_worker(struct run *r, struct worker *w)
{
	int p[2];

	w->pid = -1;
	w->fd = -1;
	if (pipe(p) < 0)
		return;
	w->pid = fork();
	if (w->pid == 0) {
		close(p[0]);
		/* Our own socket: the parent's would hand replies to whichever worker reads first. */
		r->start_nl = nl_open();
		read_targets(r, w->from, w->to, &w->out, p[1]);
		flush_to(p[1], &w->out);
		_exit(0);
	}
	close(p[1]);
	if (w->pid < 0)
		close(p[0]);
	else
		w->fd = p[0];
}

/* Collects every worker's output at once, so none stalls on a full pipe. */
static void collect(struct worker *ws, int n)
{
	for (;;) {
		struct pollfd pfd[MAX_WORKERS];
		int map[MAX_WORKERS], open_count = 0, i;

		for (i = 0; i < n; i++) {
			if (ws[i].fd < 0)
				continue;
			pfd[open_count].fd = ws[i].fd;
			pfd[open_count].events = POLLIN;
			map[open_count++] = i;
		}
		if (open_count == 0)
			return;
		if (poll(pfd, (nfds_t)open_count, -1) < 0) {
			if (errno == EINTR)
				continue;
			return;
		}
		for (i = 0; i < open_count; i++) {
			struct worker *w = &ws[map[i]];
			ssize_t got;

			if (!pfd[i].revents)
				continue;
			buf_reserve(&w->out, 65536);
			got = read(w->fd, w->out.p + w->out.n, 65536);
			if (got > 0) {
				w->out.n += (size_t)got;
			} else if (got == 0 || errno != EINTR) {
				close(w->fd);
				w->fd = -1;
			}
		}
	}
}

/* ---- main ----------------------------------------------------------------------- */

static const struct run *sort_run; /* qsort has no context argument */

static int by_inode(const void *a, const void *b)
{
	ino_t x = sort_run->inos[*(const int *)a], y = sort_run->inos[*(const int *)b];
	return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
	int count = argc - 1, total = argc - 1, first = 0, nworkers, i;
	struct run r;
	struct rlimit rl;
	struct worker ws[MAX_WORKERS];
	Buf out = { 0 };

	for (i = 1; i < argc; i++)
		if (strcmp(argv[i], "--peers") == 0) {
			count = i - 1;
			total = argc - 2;
			memmove(argv + i, argv + i + 1, sizeof(*argv) * (size_t)(argc - i - 1));
			break;
		}
	if (count < 1) {
		fputs("usage: netloom-nsdump PATH... [--peers PATH...]\n"
		      "  PATH: a network namespace file (/proc/PID/ns/net, /run/netns/NAME, ...)\n"
		      "  --peers: namespaces not read, only held to name where links point\n",
		      stderr);
		return 2;
	}
	/* Every target stays open until its turn; ask for room for all of them. */
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
	}

	memset(&r, 0, sizeof(r));
	r.paths = argv + 1;
	r.fds = calloc((size_t)total, sizeof(int));
	r.open_err = calloc((size_t)total, sizeof(int));
	r.nsids = calloc((size_t)total, sizeof(int));
	r.inos = calloc((size_t)total, sizeof(ino_t));
	if (!r.fds || !r.open_err || !r.nsids || !r.inos)
		die_oom();
	r.count = count;
	r.total = total;
	r.keep_fds = 1;

	/*
	 * Everything is opened before the first setns(): /proc/self/ns/net names whichever
	 * namespace we are in at open time, and only a socket made here talks to the
	 * starting namespace's rtnetlink.
	 */
	r.start_fd = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
	r.have_start = r.start_fd >= 0 && fstat(r.start_fd, &r.start_st) == 0;
	r.start_nl = nl_open();
	for (i = 0; i < total; i++) {
		r.fds[i] = open(r.paths[i], O_RDONLY | O_CLOEXEC);
		r.open_err[i] = r.fds[i] < 0 ? errno : 0;
		r.nsids[i] = r.fds[i] < 0 || i >= count ? -1 : query_nsid(r.start_nl, r.fds[i]);
		if (r.fds[i] >= 0) {
			struct stat st;
			r.inos[i] = fstat(r.fds[i], &st) == 0 ? st.st_ino : 0;
		} else if (r.open_err[i] == EMFILE || r.open_err[i] == ENFILE) {
			/* Targets opened late need the fds of those read before them. */
			r.keep_fds = 0;
		}
	}
	r.by_ino = malloc(sizeof(int) * (size_t)total);
	if (!r.by_ino)
		die_oom();
	for (i = 0; i < total; i++)
		if (r.inos[i] != 0)
			r.by_ino[r.nby_ino++] = i;
	sort_run = &r;
	qsort(r.by_ino, (size_t)r.nby_ino, sizeof(int), by_inode);
	r.have_cur = r.have_start;
	r.cur_st = r.start_st;

	/*
	 * A leading starting namespace (Netloom passes the host first) is read before any
	 * worker starts: its link dump is what assigns nsids to its veth peers' namespaces.
	 * Reading it needs no setns(), so the workers still start in the starting namespace.
	 */
	while (first < count) {
		struct stat st;
		if (r.fds[first] < 0 || fstat(r.fds[first], &st) < 0 || !is_start(&r, &st))
			break;
		read_target(&r, first++, &out);
	}

	nworkers = worker_count(count - first);
	if (nworkers < 2) {
		read_targets(&r, first, count, &out, STDOUT_FILENO);
		flush_to(STDOUT_FILENO, &out);
		return 0;
	}
	for (i = 0; i < nworkers; i++) {
		memset(&ws[i], 0, sizeof(ws[i]));
		ws[i].from = first + (int)((long)(count - first) * i / nworkers);
		ws[i].to = first + (int)((long)(count - first) * (i + 1) / nworkers);
		start_worker(&r, &ws[i]);
	}
	collect(ws, nworkers);
	flush_to(STDOUT_FILENO, &out);
	for (i = 0; i < nworkers; i++) {
		int status = 0, ok;

		ok = ws[i].pid > 0 && waitpid(ws[i].pid, &status, 0) == ws[i].pid && WIFEXITED(status) &&
		     WEXITSTATUS(status) == 0;
		/* A worker that could not start or died: read its share here, in order. */
		if (!ok) {
			ws[i].out.n = 0;
			read_targets(&r, ws[i].from, ws[i].to, &ws[i].out, STDOUT_FILENO);
		}
		flush_to(STDOUT_FILENO, &ws[i].out);
	}
	return 0;
}
