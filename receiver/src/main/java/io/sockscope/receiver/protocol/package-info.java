/**
 * The protocol seam. A protocol is a {@link io.sockscope.receiver.protocol.ProtocolParser} (detection
 * from the first bytes, one session per connection) in its own package. To add one, say Redis:
 * <ol>
 *   <li>a constant {@code REDIS("redis")} in {@link io.sockscope.receiver.Protocol} and a details
 *       record permitted by {@link io.sockscope.receiver.ProtocolDetails};</li>
 *   <li>{@code protocol/redis/RedisParser} implementing {@code ProtocolParser}: its session parses
 *       each direction as a byte stream from {@link io.sockscope.receiver.protocol.Segment}s (skipping
 *       {@link io.sockscope.receiver.protocol.Segment#gap() gaps} by count), pairs in order (or by id
 *       when multiplexed), and throws {@link io.sockscope.receiver.protocol.ProtocolViolation} on
 *       bytes that are not Redis;</li>
 *   <li>a case in {@link io.sockscope.receiver.protocol.ProtocolParser#of(io.sockscope.receiver.Protocol)}
 *       (the switch is exhaustive, so the compiler asks for it), and its tests with captured bytes.</li>
 * </ol>
 * Configuration turns it on through {@link io.sockscope.receiver.ReceiverSettings#protocols()}.
 */
package io.sockscope.receiver.protocol;
