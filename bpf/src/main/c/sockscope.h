/* SPDX-License-Identifier: (LGPL-2.1 OR BSD-2-Clause) */
/*
 * The user-space ABI of Sockscope's probes: event records in the ring buffer, the runtime
 * configuration and the filter maps. Java mirrors this file in io.sockscope.bpf.EventLayout;
 * change both together (EventLayoutTest checks the offsets against the compiled object's BTF).
 */
#ifndef SOCKSCOPE_H
#define SOCKSCOPE_H

/* Largest payload prefix one event can carry. A power of two: the verifier needs masks. */
#define SOCKSCOPE_MAX_CAPTURE 16384
/* Vector calls: iovecs gathered per call (more are counted but not captured). */
#define SOCKSCOPE_MAX_IOV 32

enum sockscope_event_kind {
	SOCKSCOPE_EV_DATA = 1,       /* bytes sent or received on a socket by a task */
	SOCKSCOPE_EV_CONNECT = 2,    /* TCP SYN_SENT, in the connecting task's context */
	SOCKSCOPE_EV_ACCEPT = 3,     /* TCP SYN_RECV -> ESTABLISHED of an accepted socket (softirq) */
	SOCKSCOPE_EV_CLOSE = 4,      /* TCP state became CLOSE */
	SOCKSCOPE_EV_STATE = 5,      /* any other TCP state change */
	SOCKSCOPE_EV_RETRANSMIT = 6, /* tcp_retransmit_skb */
	SOCKSCOPE_EV_RESET = 7,      /* RST received (direction ingress) or sent (egress) */
};

enum sockscope_role {
	SOCKSCOPE_ROLE_UNKNOWN = 0,
	SOCKSCOPE_ROLE_CLIENT = 1,
	SOCKSCOPE_ROLE_SERVER = 2,
};

enum sockscope_direction {
	SOCKSCOPE_DIR_NONE = 0,
	SOCKSCOPE_DIR_EGRESS = 1,  /* send, write, ... */
	SOCKSCOPE_DIR_INGRESS = 2, /* recv, read, ... */
};

/* How the bytes moved: tells user space whether a payload could be read at all. */
enum sockscope_call {
	SOCKSCOPE_CALL_OTHER = 0, /* io_uring, kernel-internal senders: bytes only */
	SOCKSCOPE_CALL_READ = 1,
	SOCKSCOPE_CALL_WRITE = 2,
	SOCKSCOPE_CALL_READV = 3,
	SOCKSCOPE_CALL_WRITEV = 4,
	SOCKSCOPE_CALL_RECVFROM = 5,
	SOCKSCOPE_CALL_SENDTO = 6,
	SOCKSCOPE_CALL_RECVMSG = 7,
	SOCKSCOPE_CALL_SENDMSG = 8,
	SOCKSCOPE_CALL_RECVMMSG = 9,
	SOCKSCOPE_CALL_SENDMMSG = 10,
	SOCKSCOPE_CALL_SENDFILE = 11, /* bytes only: no user buffer */
	SOCKSCOPE_CALL_SPLICE = 12,   /* bytes only */
};

/*
 * One ring buffer record. Fixed 128-byte header, then `captured` payload bytes.
 * Addresses are 16 bytes: IPv4 in the first 4 (family AF_INET), IPv6 in all 16.
 * Ports are in host byte order.
 */
struct sockscope_event {
	__u64 ts_ns;        /*   0 bpf_ktime_get_ns(): CLOCK_MONOTONIC */
	__u64 cookie;       /*   8 socket cookie: unique for the life of the host, never reused */
	__u64 cgroup_id;    /*  16 cgroup v2 id of the task (0 outside task context) */
	__s64 bytes;        /*  24 byte count of the call (the syscall's result) */
	__u32 pid;          /*  32 tgid, host namespace (0 outside task context) */
	__u32 tid;          /*  36 */
	__u32 netns;        /*  40 network namespace inode */
	__u32 captured;     /*  44 payload bytes following the header */
	__u32 fd;           /*  48 file descriptor when known, else 0xffffffff */
	__u8 kind;          /*  52 enum sockscope_event_kind */
	__u8 role;          /*  53 enum sockscope_role */
	__u8 direction;     /*  54 enum sockscope_direction */
	__u8 family;        /*  55 AF_INET (2) or AF_INET6 (10) */
	__u8 protocol;      /*  56 IPPROTO_TCP (6) or IPPROTO_UDP (17) */
	__u8 call;          /*  57 enum sockscope_call */
	__u8 old_state;     /*  58 TCP state before (STATE, CLOSE, CONNECT, ACCEPT) */
	__u8 new_state;     /*  59 TCP state after */
	__u16 lport;        /*  60 */
	__u16 rport;        /*  62 */
	__u8 laddr[16];     /*  64 */
	__u8 raddr[16];     /*  80 */
	char comm[16];      /*  96 task comm (empty outside task context) */
	__u32 flags;        /* 112 recv flags, or SOCKSCOPE_FLAG_* */
	__u32 srtt_us;      /* 116 smoothed RTT (TCP, microseconds) at the time of the event */
	__u64 reserved;     /* 120 */
	/* 128: payload */
};

#define SOCKSCOPE_HEADER_SIZE 128

/* flags */
#define SOCKSCOPE_FLAG_TRUNCATED_IOV (1u << 30) /* more iovecs than SOCKSCOPE_MAX_IOV */

/* Runtime configuration: one entry of the `config` array map, writable while attached. */
struct sockscope_config {
	__u32 self_pid;        /* never trace this tgid (Sockscope itself) */
	__u32 capture_bytes;   /* payload prefix per event, <= SOCKSCOPE_MAX_CAPTURE */
	__u32 filter_flags;    /* SOCKSCOPE_FILTER_*: which filter sets are in force */
	__u32 wakeup_bytes;    /* wake the reader once a CPU wrote this much since its last wake-up */
};

#define SOCKSCOPE_FILTER_PID (1u << 0)    /* only pids in `filter_pids` */
#define SOCKSCOPE_FILTER_CGROUP (1u << 1) /* only cgroup ids in `filter_cgroups` */
#define SOCKSCOPE_FILTER_PORT (1u << 2)   /* only connections with a port in `filter_ports` */

/* Index in the per-CPU `counters` map. */
enum sockscope_counter {
	SOCKSCOPE_CNT_LOST = 0,     /* events not written: ring buffer full */
	SOCKSCOPE_CNT_EMITTED = 1,  /* events written */
	SOCKSCOPE_CNT_FILTERED = 2, /* socket calls dropped by the filters */
	SOCKSCOPE_CNT_PENDING = 3,  /* bytes this CPU wrote since it last woke the reader */
	SOCKSCOPE_CNT_MAX = 4,
};

#endif
