package io.sockscope.receiver.connection;

import io.sockscope.receiver.Exchange;
import io.sockscope.receiver.ExchangeListener;
import io.sockscope.receiver.ProcessInfo;
import io.sockscope.receiver.ReaderCounter;
import io.sockscope.receiver.process.ProcessResolver;

/**
 * Where connections send what they produce: exchanges to the listener, processes resolved by pid, and
 * the counts of both. One per assembler, shared by its connections. Reader thread only.
 */
public final class ExchangeOutput {
    private final ExchangeListener listener;
    private final ProcessResolver processes;
    private final ReaderCounter exchanges = new ReaderCounter();
    private final ReaderCounter orphanResponses = new ReaderCounter();
    private final ReaderCounter parseFailures = new ReaderCounter();
    private final ReaderCounter listenerFailures = new ReaderCounter();

    public ExchangeOutput(ExchangeListener listener, ProcessResolver processes) {
        this.listener = listener;
        this.processes = processes;
    }

    void deliver(Exchange exchange) {
        exchanges.increment();
        try {
            listener.onExchange(exchange);
        } catch (RuntimeException e) {
            listenerFailures.increment(); // a broken consumer must not corrupt connection state
        }
    }

    /** The process of {@code pid}; {@code comm} names it if it already exited (may be null). */
    ProcessInfo process(int pid, String comm) {
        try {
            return processes.resolve(pid, comm);
        } catch (RuntimeException e) {
            return ProcessInfo.unknown(pid);
        }
    }

    void orphanResponse() {
        orphanResponses.increment();
    }

    void parseFailure() {
        parseFailures.increment();
    }

    public long exchanges() {
        return exchanges.get();
    }

    public long orphanResponses() {
        return orphanResponses.get();
    }

    public long parseFailures() {
        return parseFailures.get();
    }

    public long listenerFailures() {
        return listenerFailures.get();
    }
}
