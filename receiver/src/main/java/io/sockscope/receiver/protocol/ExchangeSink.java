package io.sockscope.receiver.protocol;

import io.sockscope.receiver.Outcome;
import io.sockscope.receiver.Protocol;
import io.sockscope.receiver.ProtocolDetails;

/** Where sessions put finished exchanges: the connection, which adds who and where. Reader thread only. */
public interface ExchangeSink {
    /**
     * One exchange is finished. The extents are read during the call only.
     *
     * @param response null when no response was seen
     */
    void exchange(Protocol protocol, MessageExtent request, MessageExtent response, Outcome outcome,
                  ProtocolDetails details);

    /** A response arrived for which no request was pending (missed, or already timed out). */
    void orphanResponse();
}
