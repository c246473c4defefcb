// SPDX-License-Identifier: GPL-2.0
/*
 * Sockscope's probes. No syscall tracepoint is attached: enabling any of them puts every syscall
 * of every task on the kernel's slow path (measured: 0.83 of untraced throughput before a single
 * event is sent). Instead:
 *
 *  - tp_btf/sock_send_length and tp_btf/sock_recv_length fire inside sock_sendmsg/sock_recvmsg
 *    for every send and receive on every socket (read, write, readv, writev, send*, recv*,
 *    sendfile via splice), in the calling task's context. The syscall's arguments are read from
 *    the task's saved user registers (bpf_task_pt_regs): the syscall number tells where the user
 *    buffer is, and the payload is read from user memory (after the copy, for receives).
 *  - tp_btf/inet_sock_set_state gives the TCP lifecycle keyed by socket: SYN_SENT in the
 *    connecting task (role client), SYN_RECV -> ESTABLISHED for accepted sockets (role server),
 *    CLOSE.
 *  - tp_btf/tcp_retransmit_skb, tcp_receive_reset, tcp_send_reset for L4 health, keyed by socket:
 *    they often run in softirq context where the current task is someone else.
 *
 * An unconnected UDP socket's receives carry no remote address: the kernel copies the source to
 * user memory only after these tracepoints ran. User space learns it from the reply's sendto.
 */
#include "kernel_types.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_endian.h>
#include "sockscope.h"

char LICENSE[] SEC("license") = "GPL";

#define AF_INET 2
#define AF_INET6 10
#define IPPROTO_TCP 6
#define IPPROTO_UDP 17
#define MSG_PEEK 2

#define TCP_ESTABLISHED 1
#define TCP_SYN_SENT 2
#define TCP_SYN_RECV 3
#define TCP_CLOSE 7
#define TCP_LISTEN 10

/* x86_64 syscall numbers: which argument holds the user buffer. */
#define NR_read 0
#define NR_write 1
#define NR_readv 19
#define NR_writev 20
#define NR_sendfile 40
#define NR_sendto 44
#define NR_recvfrom 45
#define NR_sendmsg 46
#define NR_recvmsg 47
#define NR_splice 275
#define NR_preadv 295
#define NR_pwritev 296
#define NR_recvmmsg 299
#define NR_sendmmsg 307
#define NR_preadv2 327
#define NR_pwritev2 328

/* Role bit set on sockets Sockscope itself opened: never reported. */
#define ROLE_IGNORE 0x80
/* Role bit: this UDP socket sent to a port the port filter allows. */
#define ROLE_UDP_ALLOWED 0x40
#define ROLE_MASK 0x03

/* The event stream. Its size is set by the loader before load (bpf_map__set_max_entries). */
struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 64 << 20);
} events SEC(".maps");

/* Runtime configuration, one entry, written by user space at any time. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct sockscope_config);
} config SEC(".maps");

/* Filter sets, consulted only when the matching SOCKSCOPE_FILTER_* flag is on. */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 4096);
	__type(key, __u32);
	__type(value, __u8);
} filter_pids SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 4096);
	__type(key, __u64);
	__type(value, __u8);
} filter_cgroups SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1024);
	__type(key, __u16);
	__type(value, __u8);
} filter_ports SEC(".maps");

/* Role of a socket, learnt from its TCP lifecycle (plus the ROLE_* bits). Socket-local storage:
 * one pointer from the socket, freed with it; a hash keyed by cookie cost a lookup per event and
 * needed deleting on close. */
struct {
	__uint(type, BPF_MAP_TYPE_SK_STORAGE);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, int);
	__type(value, __u8);
} roles SEC(".maps");

/* Where an event is built before it is copied to the ring with its exact size. Twice the largest
 * capture so that "offset < MAX, length <= MAX" is provably in bounds for the verifier. An ARRAY
 * indexed by CPU, not a PERCPU_ARRAY: per-CPU values are limited to 32 KiB. */
struct scratch {
	struct sockscope_event ev;
	__u8 data[2 * SOCKSCOPE_MAX_CAPTURE];
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1); /* set to the number of possible CPUs by the loader */
	__type(key, __u32);
	__type(value, struct scratch);
} scratch_buf SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, SOCKSCOPE_CNT_MAX);
	__type(key, __u32);
	__type(value, __u64);
} counters SEC(".maps");

static __always_inline void count(__u32 which)
{
	__u64 *c = bpf_map_lookup_elem(&counters, &which);
	if (c)
		*c += 1;
}

static __always_inline struct sockscope_config *get_config(void)
{
	__u32 zero = 0;
	return bpf_map_lookup_elem(&config, &zero);
}

static __always_inline struct scratch *get_scratch(void)
{
	__u32 cpu = bpf_get_smp_processor_id();
	return bpf_map_lookup_elem(&scratch_buf, &cpu);
}

/*
 * Wake the reader once per batch, not once per event (a wake-up per event costs the traced
 * programs 2-3x): each CPU counts the bytes it wrote since it last woke the reader and wakes it
 * when they reach the threshold; between wake-ups the reader finds the data by polling. A per-CPU
 * count, because asking the ring how much waits (bpf_ringbuf_query) reads the producer and
 * consumer positions that the other CPUs and the reader keep writing: a cache miss per event,
 * measured at 10% of the probes' cost.
 */
static __always_inline __u64 wakeup_flag(const struct sockscope_config *cfg, __u64 size)
{
	__u32 which = SOCKSCOPE_CNT_PENDING;
	__u64 *pending = bpf_map_lookup_elem(&counters, &which);
	if (!pending)
		return 0;
	__u64 p = *pending + size;
	if (p < cfg->wakeup_bytes) {
		*pending = p;
		return BPF_RB_NO_WAKEUP;
	}
	*pending = 0;
	return BPF_RB_FORCE_WAKEUP;
}

/*
 * The socket's cookie: a load once the kernel has made it (the first call of the helper does).
 * This and task_cgroup_id replace two helper calls on every send and receive: 70 ns less per event
 * here (bpf_stats, alternating runs), where each call and return pays for CPU mitigations.
 */
static __always_inline __u64 socket_cookie(struct sock *sk)
{
	__u64 cookie = sk->__sk_common.skc_cookie.counter;
	return cookie ? cookie : bpf_get_socket_cookie(sk);
}

/* The task's cgroup v2 id, as bpf_get_current_cgroup_id() finds it, without the call. */
static __always_inline __u64 task_cgroup_id(const struct task_struct *task)
{
	return task->cgroups->dfl_cgrp->kn->id;
}

/* The task's name: two loads from the task (bpf_get_current_comm's string copy cost more than
 * everything else the probe reads from the task). */
static __always_inline void read_comm(struct sockscope_event *e, const struct task_struct *task)
{
	const __u64 *comm = (const __u64 *)task->comm;
	__u64 *dst = (__u64 *)e->comm;
	dst[0] = comm[0];
	dst[1] = comm[1];
}

/*
 * Addresses, ports, family and network namespace of a socket (anything with a sock_common: full,
 * request and timewait sockets). The pointers come from tp_btf arguments, so these are plain
 * loads relocated by CO-RE, not bpf_probe_read_kernel calls: a few ns instead of ~25 each.
 */
static __always_inline void read_sock(struct sockscope_event *e, const struct sock *sk)
{
	__u16 family = sk->__sk_common.skc_family;

	e->family = family;
	e->lport = sk->__sk_common.skc_num;
	if (e->lport == 0) {
		/* A closing socket has already given its port back (skc_num is 0 once unhashed), but
		 * inet_sport keeps it; without it a server's CLOSE would fail a port filter. Only full
		 * sockets get here: request and timewait sockets always hold skc_num. */
		e->lport = bpf_ntohs(BPF_CORE_READ((const struct inet_sock *)sk, inet_sport));
	}
	e->rport = bpf_ntohs(sk->__sk_common.skc_dport);
	e->netns = sk->__sk_common.skc_net.net->ns.inum;
	if (family == AF_INET) {
		__be32 l = sk->__sk_common.skc_rcv_saddr;
		__be32 r = sk->__sk_common.skc_daddr;
		__builtin_memcpy(e->laddr, &l, 4);
		__builtin_memcpy(e->raddr, &r, 4);
	} else {
		__builtin_memcpy(e->laddr, &sk->__sk_common.skc_v6_rcv_saddr, 16);
		__builtin_memcpy(e->raddr, &sk->__sk_common.skc_v6_daddr, 16);
	}
}

static __always_inline bool port_allowed(const struct sockscope_event *e)
{
	__u16 p = e->lport;
	if (bpf_map_lookup_elem(&filter_ports, &p))
		return true;
	p = e->rport;
	return bpf_map_lookup_elem(&filter_ports, &p) != NULL;
}

/* Smoothed RTT in microseconds; 0 for anything but a full TCP socket (request and timewait
 * sockets have none). The helper gives a typed pointer, so the field is a plain load. */
static __always_inline __u32 tcp_srtt(const struct sock *sk)
{
	const struct tcp_sock *tp = bpf_skc_to_tcp_sock((void *)sk);
	return tp ? tp->srtt_us >> 3 : 0;
}

/* Copies min(len, cap - off) user bytes to data[off..]; returns the new offset. */
static __always_inline __u32 copy_user(struct scratch *s, __u32 off, __u64 src, __u64 len, __u32 cap)
{
	if (off >= cap || len == 0)
		return off;
	__u64 n = cap - off;
	if (len < n)
		n = len;
	if (n > SOCKSCOPE_MAX_CAPTURE)
		n = SOCKSCOPE_MAX_CAPTURE;
	__u32 o = off & (SOCKSCOPE_MAX_CAPTURE - 1);
	barrier_var(n);
	if (n > SOCKSCOPE_MAX_CAPTURE)
		return off;
	if (bpf_probe_read_user(&s->data[o], n, (const void *)src) != 0)
		return off;
	return off + n;
}

/* State of the iovec walk, shared with the bpf_loop callback (which re-finds the scratch buffer:
 * a callback verified once keeps the program small; an unrolled loop per call site did not fit). */
struct iov_walk {
	__u64 iov_ptr;
	__u64 iovcnt;
	__u64 total;
	__u32 cap;
	__u32 off;
};

static long iov_step(__u64 i, void *ctx)
{
	struct iov_walk *w = ctx;
	struct iovec_user iov;
	if (i >= w->iovcnt || w->off >= w->cap || w->total == 0)
		return 1;
	struct scratch *s = get_scratch();
	if (!s)
		return 1;
	if (bpf_probe_read_user(&iov, sizeof(iov), (const void *)(w->iov_ptr + i * sizeof(iov))) != 0)
		return 1;
	__u64 len = iov.iov_len < w->total ? iov.iov_len : w->total;
	__u32 next = copy_user(s, w->off, iov.iov_base, len, w->cap);
	if (next == w->off && len != 0)
		return 1; /* unreadable page: stop rather than misplace later bytes */
	w->off = next;
	w->total -= len;
	return 0;
}

/* Gathers every iovec of a vector call, in order, up to `total` bytes (the syscall's result). */
static __always_inline __u32 copy_iov(__u64 iov_ptr, __u64 iovcnt, __u64 total, __u32 cap, __u32 *flags)
{
	if (iovcnt > SOCKSCOPE_MAX_IOV) {
		*flags |= SOCKSCOPE_FLAG_TRUNCATED_IOV;
		iovcnt = SOCKSCOPE_MAX_IOV;
	}
	struct iov_walk w = {.iov_ptr = iov_ptr, .iovcnt = iovcnt, .total = total, .cap = cap, .off = 0};
	bpf_loop(SOCKSCOPE_MAX_IOV, iov_step, &w, 0);
	return w.off;
}

/* Remote address given by sendto/sendmsg for an unconnected (UDP) socket. */
static __always_inline void read_user_sockaddr(struct sockscope_event *e, __u64 uaddr)
{
	struct sockaddr_user sa;
	if (!uaddr || bpf_probe_read_user(&sa, sizeof(sa), (const void *)uaddr) != 0)
		return;
	if (sa.family == AF_INET) {
		__builtin_memcpy(e->raddr, &sa.v4, 4);
		e->rport = bpf_ntohs(sa.port);
	} else if (sa.family == AF_INET6) {
		__builtin_memcpy(e->raddr, sa.in6.v6, 16);
		e->rport = bpf_ntohs(sa.port);
	}
}

static __always_inline bool raddr_unknown(const struct sockscope_event *e)
{
	return e->rport == 0;
}

/*
 * Common path of sock_send_length and sock_recv_length: filter, describe, capture, submit.
 * Filters run first and in order of cost, so that sockets nobody asked for cost a few map lookups.
 */
static __always_inline int on_data(struct sock *sk, int ret, int flags, __u8 direction)
{
	if (ret <= 0)
		return 0;
	if (direction == SOCKSCOPE_DIR_INGRESS && (flags & MSG_PEEK))
		return 0; /* the same bytes will be read again */
	__u16 family = sk->__sk_common.skc_family;
	if (family != AF_INET && family != AF_INET6)
		return 0;

	struct sockscope_config *cfg = get_config();
	if (!cfg)
		return 0;
	__u64 pid_tgid = bpf_get_current_pid_tgid();
	__u32 pid = pid_tgid >> 32;
	if (pid == cfg->self_pid)
		return 0;
	__u32 ff = cfg->filter_flags;
	if ((ff & SOCKSCOPE_FILTER_PID) && !bpf_map_lookup_elem(&filter_pids, &pid)) {
		count(SOCKSCOPE_CNT_FILTERED);
		return 0;
	}
	struct task_struct *task = bpf_get_current_task_btf();
	__u64 cgid = task_cgroup_id(task);
	if ((ff & SOCKSCOPE_FILTER_CGROUP) && !bpf_map_lookup_elem(&filter_cgroups, &cgid)) {
		count(SOCKSCOPE_CNT_FILTERED);
		return 0;
	}
	__u64 cookie = socket_cookie(sk);
	__u8 role = SOCKSCOPE_ROLE_UNKNOWN;
	__u8 *r = bpf_sk_storage_get(&roles, sk, 0, 0);
	if (r) {
		if (*r & ROLE_IGNORE)
			return 0;
		role = *r;
	}

	struct scratch *s = get_scratch();
	if (!s)
		return 0;
	struct sockscope_event *e = &s->ev;
	read_sock(e, sk);
	e->protocol = sk->sk_protocol;
	e->ts_ns = bpf_ktime_get_ns();
	e->cookie = cookie;
	e->cgroup_id = cgid;
	e->bytes = ret;
	e->pid = pid;
	e->tid = (__u32)pid_tgid;
	e->kind = SOCKSCOPE_EV_DATA;
	e->role = role;
	e->direction = direction;
	e->old_state = 0;
	e->new_state = 0;
	e->flags = direction == SOCKSCOPE_DIR_INGRESS ? (__u32)flags : 0;
	e->srtt_us = tcp_srtt(sk);
	e->reserved = 0;
	read_comm(e, task);

	struct pt_regs *regs = (struct pt_regs *)bpf_task_pt_regs(task);
	__u64 nr = regs->orig_ax;
	__u64 a0 = regs->di;
	__u64 a1 = regs->si;
	__u64 a2 = regs->dx;
	__u32 cap = cfg->capture_bytes;
	if (cap > SOCKSCOPE_MAX_CAPTURE)
		cap = SOCKSCOPE_MAX_CAPTURE;
	__u32 got = 0;
	__u32 evflags = 0;
	__u8 call = SOCKSCOPE_CALL_OTHER;
	e->fd = 0xffffffff;

	/* Where the bytes are: one buffer, or an iovec array. Decided first, copied once below. */
	__u64 buf = 0, iov = 0, iovcnt = 0;
	switch (nr) {
	case NR_read:
	case NR_write:
		call = nr == NR_read ? SOCKSCOPE_CALL_READ : SOCKSCOPE_CALL_WRITE;
		buf = a1;
		e->fd = a0;
		break;
	case NR_recvfrom:
	case NR_sendto:
		call = nr == NR_recvfrom ? SOCKSCOPE_CALL_RECVFROM : SOCKSCOPE_CALL_SENDTO;
		buf = a1;
		e->fd = a0;
		if (nr == NR_sendto && raddr_unknown(e))
			read_user_sockaddr(e, regs->r8);
		break;
	case NR_readv:
	case NR_writev:
	case NR_preadv:
	case NR_pwritev:
	case NR_preadv2:
	case NR_pwritev2:
		call = direction == SOCKSCOPE_DIR_INGRESS ? SOCKSCOPE_CALL_READV : SOCKSCOPE_CALL_WRITEV;
		iov = a1;
		iovcnt = a2;
		e->fd = a0;
		break;
	case NR_recvmsg:
	case NR_sendmsg: {
		struct msghdr_user m;
		call = nr == NR_recvmsg ? SOCKSCOPE_CALL_RECVMSG : SOCKSCOPE_CALL_SENDMSG;
		e->fd = a0;
		if (bpf_probe_read_user(&m, sizeof(m), (const void *)a1) == 0) {
			iov = m.msg_iov;
			iovcnt = m.msg_iovlen;
			if (nr == NR_sendmsg && raddr_unknown(e))
				read_user_sockaddr(e, m.msg_name);
		}
		break;
	}
	case NR_recvmmsg:
		/* One event per message, but which message of the vector is not knowable here:
		 * bytes only. */
		call = SOCKSCOPE_CALL_RECVMMSG;
		e->fd = a0;
		break;
	case NR_sendmmsg:
		call = SOCKSCOPE_CALL_SENDMMSG;
		e->fd = a0;
		break;
	case NR_sendfile:
		call = SOCKSCOPE_CALL_SENDFILE;
		e->fd = a0;
		break;
	case NR_splice:
		call = SOCKSCOPE_CALL_SPLICE;
		break;
	default:
		break; /* io_uring and kernel-internal senders: bytes only */
	}
	/* The port filter runs once the remote end is known, also for unconnected UDP sockets. */
	if ((ff & SOCKSCOPE_FILTER_PORT) && !port_allowed(e)) {
		/* An unconnected UDP socket receives with no remote address in the socket: let it
		 * through when it sent to an allowed port before (a client awaiting its answer). */
		if (!(direction == SOCKSCOPE_DIR_INGRESS && raddr_unknown(e) && (role & ROLE_UDP_ALLOWED))) {
			count(SOCKSCOPE_CNT_FILTERED);
			return 0;
		}
	} else if ((ff & SOCKSCOPE_FILTER_PORT) && direction == SOCKSCOPE_DIR_EGRESS && e->protocol == IPPROTO_UDP &&
		   !(role & ROLE_UDP_ALLOWED)) {
		__u8 *v = bpf_sk_storage_get(&roles, sk, 0, BPF_SK_STORAGE_GET_F_CREATE);
		if (v)
			*v = role | ROLE_UDP_ALLOWED;
	}
	e->role = role & ROLE_MASK;
	if (buf)
		got = copy_user(s, 0, buf, ret, cap);
	else if (iov)
		got = copy_iov(iov, iovcnt, ret, cap, &evflags);

	e->call = call;
	e->captured = got;
	e->flags |= evflags;

	/* got <= cap <= MAX already; the mask only tells the verifier. */
	barrier_var(got);
	got &= (2 * SOCKSCOPE_MAX_CAPTURE - 1);
	__u64 size = SOCKSCOPE_HEADER_SIZE + (__u64)got;
	if (bpf_ringbuf_output(&events, s, size, wakeup_flag(cfg, size)) != 0)
		count(SOCKSCOPE_CNT_LOST);
	else
		count(SOCKSCOPE_CNT_EMITTED);
	return 0;
}

SEC("tp_btf/sock_send_length")
int BPF_PROG(sock_send_length, struct sock *sk, int ret, int flags)
{
	return on_data(sk, ret, flags, SOCKSCOPE_DIR_EGRESS);
}

SEC("tp_btf/sock_recv_length")
int BPF_PROG(sock_recv_length, struct sock *sk, int ret, int flags)
{
	return on_data(sk, ret, flags, SOCKSCOPE_DIR_INGRESS);
}

/* Builds and submits a lifecycle or L4 event (no payload). */
static __always_inline void submit_sock_event(const struct sock *sk, __u8 kind, __u8 role, __u8 direction,
					      int old_state, int new_state, bool task_context)
{
	struct sockscope_config *cfg = get_config();
	if (!cfg)
		return;
	struct scratch *s = get_scratch();
	if (!s)
		return;
	struct sockscope_event *e = &s->ev;
	read_sock(e, sk);
	e->protocol = IPPROTO_TCP; /* only TCP tracepoints come here; sk may be a mini socket */
	if ((cfg->filter_flags & SOCKSCOPE_FILTER_PORT) && !port_allowed(e))
		return;
	e->ts_ns = bpf_ktime_get_ns();
	e->cookie = bpf_get_socket_cookie((void *)sk);
	e->bytes = 0;
	e->captured = 0;
	e->fd = 0xffffffff;
	e->kind = kind;
	e->role = role & ROLE_MASK;
	e->direction = direction;
	e->call = 0;
	e->old_state = old_state;
	e->new_state = new_state;
	e->flags = 0;
	e->reserved = 0;
	e->srtt_us = tcp_srtt(sk);
	if (task_context) {
		__u64 pid_tgid = bpf_get_current_pid_tgid();
		e->pid = pid_tgid >> 32;
		e->tid = (__u32)pid_tgid;
		e->cgroup_id = bpf_get_current_cgroup_id();
		read_comm(e, bpf_get_current_task_btf());
	} else {
		e->pid = 0;
		e->tid = 0;
		e->cgroup_id = 0;
		__builtin_memset(e->comm, 0, sizeof(e->comm));
	}
	if (bpf_ringbuf_output(&events, e, SOCKSCOPE_HEADER_SIZE, wakeup_flag(cfg, SOCKSCOPE_HEADER_SIZE)) != 0)
		count(SOCKSCOPE_CNT_LOST);
	else
		count(SOCKSCOPE_CNT_EMITTED);
}

/* True when the socket is Sockscope's own (its exporter's connections, for instance). */
static __always_inline bool ignored(const struct sock *sk, __u8 *role)
{
	__u8 *r = bpf_sk_storage_get(&roles, (void *)sk, 0, 0);
	if (!r)
		return false;
	*role = *r;
	return (*r & ROLE_IGNORE) != 0;
}

/* Remembers a socket's role for its later events; request and timewait sockets have no storage. */
static __always_inline void set_role(const struct sock *sk, __u8 role)
{
	__u8 *r = bpf_sk_storage_get(&roles, (void *)sk, 0, BPF_SK_STORAGE_GET_F_CREATE);
	if (r)
		*r = role;
}

SEC("tp_btf/inet_sock_set_state")
int BPF_PROG(inet_sock_set_state, const struct sock *sk, const int oldstate, const int newstate)
{
	if (sk->sk_protocol != IPPROTO_TCP)
		return 0;
	__u8 role = SOCKSCOPE_ROLE_UNKNOWN;

	if (newstate == TCP_SYN_SENT) {
		/* connect(): runs in the connecting task. */
		struct sockscope_config *cfg = get_config();
		__u32 pid = bpf_get_current_pid_tgid() >> 32;
		if (cfg && pid == cfg->self_pid) {
			set_role(sk, ROLE_IGNORE);
			return 0;
		}
		role = SOCKSCOPE_ROLE_CLIENT;
		set_role(sk, role);
		submit_sock_event(sk, SOCKSCOPE_EV_CONNECT, role, SOCKSCOPE_DIR_NONE, oldstate, newstate, true);
		return 0;
	}
	if (ignored(sk, &role))
		return 0;
	if (oldstate == TCP_SYN_RECV && newstate == TCP_ESTABLISHED) {
		role = SOCKSCOPE_ROLE_SERVER;
		set_role(sk, role);
		submit_sock_event(sk, SOCKSCOPE_EV_ACCEPT, role, SOCKSCOPE_DIR_NONE, oldstate, newstate, false);
		return 0;
	}
	if (newstate == TCP_CLOSE) {
		submit_sock_event(sk, SOCKSCOPE_EV_CLOSE, role, SOCKSCOPE_DIR_NONE, oldstate, newstate, false);
		return 0;
	}
	if (oldstate == newstate)
		return 0;
	/* listen() and closing a listener run in the listening task; other transitions may run in
	 * softirq, or in whichever task's send delivered the segment over loopback. */
	submit_sock_event(sk, SOCKSCOPE_EV_STATE, role, SOCKSCOPE_DIR_NONE, oldstate, newstate,
			  newstate == TCP_LISTEN || (oldstate == TCP_LISTEN && newstate == TCP_CLOSE));
	return 0;
}

SEC("tp_btf/tcp_retransmit_skb")
int BPF_PROG(tcp_retransmit_skb, const struct sock *sk, const struct sk_buff *skb)
{
	__u8 role = 0;
	if (!sk || ignored(sk, &role))
		return 0;
	int state = BPF_CORE_READ(sk, __sk_common.skc_state);
	submit_sock_event(sk, SOCKSCOPE_EV_RETRANSMIT, role, SOCKSCOPE_DIR_EGRESS, state, state, false);
	return 0;
}

SEC("tp_btf/tcp_receive_reset")
int BPF_PROG(tcp_receive_reset, struct sock *sk)
{
	__u8 role = 0;
	if (!sk || ignored(sk, &role))
		return 0;
	int state = BPF_CORE_READ(sk, __sk_common.skc_state);
	submit_sock_event(sk, SOCKSCOPE_EV_RESET, role, SOCKSCOPE_DIR_INGRESS, state, state, false);
	return 0;
}

SEC("tp_btf/tcp_send_reset")
int BPF_PROG(tcp_send_reset, const struct sock *sk, const struct sk_buff *skb)
{
	__u8 role = 0;
	if (!sk || ignored(sk, &role))
		return 0;
	int state = BPF_CORE_READ(sk, __sk_common.skc_state);
	submit_sock_event(sk, SOCKSCOPE_EV_RESET, role, SOCKSCOPE_DIR_EGRESS, state, state, false);
	return 0;
}
