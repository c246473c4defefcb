package io.sockscope.it.exchange;

import io.sockscope.bpf.ProbeFilter;
import io.sockscope.bpf.ProbeOptions;
import io.sockscope.bpf.Probes;
import io.sockscope.bpf.RingBufferReader;
import io.sockscope.bpf.Role;
import io.sockscope.receiver.Exchange;
import io.sockscope.receiver.ExchangeAssembler;
import io.sockscope.receiver.HttpDetails;
import io.sockscope.receiver.ReceiverSettings;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The real probes, the real ring buffer reader and the real {@link ExchangeAssembler} for one test,
 * filtered in the kernel on the test's own ports; every exchange is kept in a list. Closing stops the
 * reader and detaches the probes, even when the test failed.
 */
final class LiveExchanges implements AutoCloseable {
    private static final int POLL_MILLIS = 5;

    final Probes probes;
    final RingBufferReader reader;
    final ExchangeAssembler assembler;
    private final ReceiverSettings settings;
    private final List<Exchange> exchanges = new ArrayList<>();
    private final Thread thread;

    private LiveExchanges(ProbeOptions options, Collection<Integer> ports, ReceiverSettings settings) {
        this.settings = settings;
        this.assembler = new ExchangeAssembler(settings, this::add);
        this.probes = Probes.attach(options, new ProbeFilter(Set.of(), Set.of(), Set.copyOf(ports)));
        try {
            reader = new RingBufferReader(probes, assembler, POLL_MILLIS);
        } catch (RuntimeException e) {
            probes.close();
            throw e;
        }
        thread = Thread.ofPlatform().name("exchange-reader").daemon().start(reader::run);
    }

    static LiveExchanges on(int port) {
        return on(port, ReceiverSettings.defaults());
    }

    static LiveExchanges on(int port, ReceiverSettings settings) {
        return new LiveExchanges(ProbeOptions.defaults(), List.of(port), settings);
    }

    static LiveExchanges on(Collection<Integer> ports, ProbeOptions options, ReceiverSettings settings) {
        return new LiveExchanges(options, ports, settings);
    }

    private synchronized void add(Exchange x) {
        exchanges.add(x);
    }

    /** Every exchange so far, in the order the assembler emitted them. */
    synchronized List<Exchange> all() {
        return List.copyOf(exchanges);
    }

    /** Clients' exchanges: the role tells, since the filter lets only the test's ports through. */
    List<Exchange> clients() {
        return all().stream().filter(x -> x.role() == Role.CLIENT).toList();
    }

    List<Exchange> servers() {
        return all().stream().filter(x -> x.role() == Role.SERVER).toList();
    }

    /**
     * Waits (bounded) until {@code count} exchanges came out, then until the reader has read everything
     * the probes emitted and nothing more came for longer than the response quiet time, so an exchange
     * emitted twice, or one more than expected, is in the list too.
     */
    void await(int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (size() < count && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        settle(deadline);
    }

    /** Reader caught up, and no new exchange for a period longer than the response quiet time. */
    private void settle(long deadlineNanos) throws InterruptedException {
        long quietNanos = settings.responseQuietTime().toNanos() + Duration.ofMillis(300).toNanos();
        long hardStop = Math.max(deadlineNanos, System.nanoTime()) + quietNanos * 3 + Duration.ofSeconds(2).toNanos();
        int seen = -1;
        long stableSince = System.nanoTime();
        while (System.nanoTime() < hardStop) {
            long emitted = probes.emittedEvents();
            Thread.sleep(30);
            int now = size();
            if (now != seen) {
                seen = now;
                stableSince = System.nanoTime();
            }
            if (reader.eventsRead() >= emitted && System.nanoTime() - stableSince >= quietNanos) {
                return;
            }
        }
    }

    private synchronized int size() {
        return exchanges.size();
    }

    static HttpDetails http(Exchange x) {
        if (x.details() instanceof HttpDetails h) {
            return h;
        }
        throw new AssertionError("not an HTTP exchange: " + x);
    }

    /** One line per exchange, for failure messages. */
    static String describe(Collection<Exchange> xs) {
        return xs.stream().map(LiveExchanges::describe).collect(Collectors.joining("\n  ", "\n  ", "\n"));
    }

    static String describe(Exchange x) {
        String what = x.details() instanceof HttpDetails h
                ? h.method() + " " + h.target() + " -> " + h.statusCode()
                : "opaque";
        return x.role() + " " + x.protocol() + " conn=" + x.connectionId() + " pid=" + x.pid() + " " + x.local() + " -> "
                + x.remote() + " " + what + " req=" + x.requestBytes() + "B resp=" + x.responseBytes() + "B "
                + x.outcome();
    }

    /** The assembler's and probes' counters, for failure messages. */
    String counters() {
        return "events=" + assembler.eventsIn() + " exchanges=" + assembler.exchangesOut() + " parseFailures="
                + assembler.parseFailures() + " orphanResponses=" + assembler.orphanResponses() + " eventFailures="
                + assembler.eventFailures() + " lost=" + probes.lostEvents() + " listenerErrors="
                + reader.listenerErrors();
    }

    @Override
    public void close() throws InterruptedException {
        reader.stop();
        thread.join(2000);
        try {
            reader.close();
        } finally {
            probes.close();
        }
    }
}
