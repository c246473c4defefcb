/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The few kernel types the probes read, declared with preserve_access_index so that libbpf
 * relocates every field access against the running kernel's BTF (CO-RE). Only names matter:
 * order, padding and nesting are the kernel's, found at load time. Cleaner than a 2.8 MB
 * vmlinux.h and independent of the build machine's kernel.
 */
#ifndef SOCKSCOPE_KERNEL_TYPES_H
#define SOCKSCOPE_KERNEL_TYPES_H

typedef unsigned char __u8;
typedef unsigned short __u16;
typedef unsigned int __u32;
typedef unsigned long long __u64;
typedef signed char __s8;
typedef short __s16;
typedef int __s32;
typedef long long __s64;
typedef __u16 __be16;
typedef __u32 __be32;
typedef __u32 __wsum;
typedef _Bool bool;
#define true 1
#define false 0

enum bpf_map_type {
	BPF_MAP_TYPE_HASH = 1,
	BPF_MAP_TYPE_ARRAY = 2,
	BPF_MAP_TYPE_PERCPU_ARRAY = 6,
	BPF_MAP_TYPE_LRU_HASH = 9,
	BPF_MAP_TYPE_SK_STORAGE = 24,
	BPF_MAP_TYPE_RINGBUF = 27,
};

enum {
	BPF_F_NO_PREALLOC = 1,
};

enum {
	BPF_SK_STORAGE_GET_F_CREATE = 1,
};

enum {
	BPF_ANY = 0,
	BPF_NOEXIST = 1,
};

enum {
	BPF_RB_NO_WAKEUP = 1,
	BPF_RB_FORCE_WAKEUP = 2,
};

#pragma clang attribute push(__attribute__((preserve_access_index)), apply_to = record)

struct pt_regs {
	unsigned long r15, r14, r13, r12, bp, bx, r11, r10, r9, r8, ax, cx, dx, si, di, orig_ax, ip, cs, flags, sp, ss;
};

struct kernfs_node {
	__u64 id;
};

struct cgroup {
	struct kernfs_node *kn;
};

struct css_set {
	struct cgroup *dfl_cgrp;
};

struct task_struct {
	int pid;
	char comm[16];
	struct css_set *cgroups;
};

typedef struct {
	__s64 counter;
} atomic64_t;

struct ns_common {
	unsigned int inum;
};

struct net {
	struct ns_common ns;
};

typedef struct {
	struct net *net;
} possible_net_t;

struct in6_addr {
	union {
		__u8 u6_addr8[16];
		__be32 u6_addr32[4];
	} in6_u;
};

struct sock_common {
	__be32 skc_daddr;
	__be32 skc_rcv_saddr;
	__be16 skc_dport;
	__u16 skc_num;
	unsigned short skc_family;
	volatile unsigned char skc_state;
	possible_net_t skc_net;
	struct in6_addr skc_v6_daddr;
	struct in6_addr skc_v6_rcv_saddr;
	atomic64_t skc_cookie;
};

struct sock {
	struct sock_common __sk_common;
	__u16 sk_protocol;
	__u16 sk_type;
};

struct tcp_sock {
	__u32 srtt_us;
};

struct inet_sock {
	__be16 inet_sport;
};

struct sk_buff {
	struct sock *sk;
	__u16 transport_header;
	__u16 network_header;
	unsigned char *head;
};

#pragma clang attribute pop

/* User-space ABI types: fixed layouts, read with bpf_probe_read_user, never relocated. */
struct iovec_user {
	__u64 iov_base;
	__u64 iov_len;
};

struct msghdr_user {
	__u64 msg_name;
	__s32 msg_namelen;
	__s32 pad;
	__u64 msg_iov;
	__u64 msg_iovlen;
	__u64 msg_control;
	__u64 msg_controllen;
	__u32 msg_flags;
};

struct sockaddr_user {
	__u16 family;
	__be16 port;
	union {
		__be32 v4;                            /* sockaddr_in.sin_addr */
		struct { __u32 flowinfo; __u8 v6[16]; } in6; /* sockaddr_in6 */
	};
};

struct iphdr_min {
	__u8 ihl_version;
	__u8 tos;
	__be16 tot_len;
	__be16 id;
	__be16 frag_off;
	__u8 ttl;
	__u8 protocol;
	__u16 check;
	__be32 saddr;
	__be32 daddr;
};

struct ipv6hdr_min {
	__u8 vtc;
	__u8 flow[3];
	__be16 payload_len;
	__u8 nexthdr;
	__u8 hop_limit;
	__u8 saddr[16];
	__u8 daddr[16];
};

struct udphdr_min {
	__be16 source;
	__be16 dest;
	__be16 len;
	__u16 check;
};

#endif
