package io.sockscope.receiver;

/** What a protocol parser learnt about one exchange; {@link Opaque} when no parser understood it. */
public sealed interface ProtocolDetails permits HttpDetails, ProtocolDetails.Opaque {
    /** No parser: the exchange is just bytes one way, then bytes the other way. */
    record Opaque() implements ProtocolDetails {
    }

    Opaque OPAQUE = new Opaque();
}
