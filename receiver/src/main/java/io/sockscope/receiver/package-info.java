/**
 * The receiver: kernel events in, {@link io.sockscope.receiver.Exchange}s out.
 *
 * <pre>
 * KernelEvent ─▶ ExchangeAssembler ─▶ ConnectionTable (by socket cookie, LRU, bounded)
 *                     │                   └─ Connection: role, endpoints, process, ProtocolSession
 *                     │                          ├─ Http1Session (exact: framing, FIFO pairing)
 *                     │                          └─ OpaqueSession (by direction: any other protocol)
 *                     └─ onPoll ─▶ WaitLists (request timeout, response quiet time) and idle eviction
 * </pre>
 *
 * <p>Everything runs on the ring buffer's reader thread; see {@link io.sockscope.receiver.ExchangeAssembler}.
 */
package io.sockscope.receiver;
