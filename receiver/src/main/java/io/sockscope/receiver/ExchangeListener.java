package io.sockscope.receiver;

/** Receives finished exchanges. Called from the reader thread. */
@FunctionalInterface
public interface ExchangeListener {
    void onExchange(Exchange exchange);
}
