package io.sockscope.receiver.protocol;

/**
 * What a parser had accounted but not yet emitted when it gave a connection up: the fallback
 * pairing continues from there so no byte and no request is lost.
 *
 * @param request  all requests without a response, merged into one run; null when none
 * @param response the response in progress for the oldest of them; null when none
 */
public record PendingTraffic(MessageExtent request, MessageExtent response) {
    public static final PendingTraffic NONE = new PendingTraffic(null, null);
}
