package io.sockscope.receiver;

import io.sockscope.bpf.KernelEvent;
import io.sockscope.receiver.connection.ListeningPorts;
import io.sockscope.receiver.process.ProcessResolver;

import java.util.ArrayList;
import java.util.List;

/** An assembler whose exchanges are kept in a list, with no /proc behind it. */
public final class Recorder implements ExchangeListener {
    public final List<Exchange> exchanges = new ArrayList<>();
    public final ExchangeAssembler assembler;

    public Recorder() {
        this(ReceiverSettings.defaults());
    }

    public Recorder(ReceiverSettings settings) {
        this(settings, ListeningPorts.none());
    }

    public Recorder(ReceiverSettings settings, ListeningPorts listening) {
        this.assembler = new ExchangeAssembler(settings, this, ProcessResolver.none(), listening);
    }

    @Override
    public void onExchange(Exchange exchange) {
        exchanges.add(exchange);
    }

    public Recorder feed(KernelEvent... events) {
        for (KernelEvent e : events) {
            assembler.onEvent(e);
        }
        return this;
    }

    public Exchange only() {
        if (exchanges.size() != 1) {
            throw new AssertionError("expected one exchange, got " + exchanges.size() + ": " + exchanges);
        }
        return exchanges.getFirst();
    }

    public HttpDetails onlyHttp() {
        Exchange x = only();
        if (!(x.details() instanceof HttpDetails h)) {
            throw new AssertionError("not HTTP: " + x);
        }
        return h;
    }

    public static HttpDetails http(Exchange x) {
        if (!(x.details() instanceof HttpDetails h)) {
            throw new AssertionError("not HTTP: " + x);
        }
        return h;
    }
}
