package io.sockscope.receiver.protocol.http1;

import io.sockscope.bpf.Direction;
import io.sockscope.bpf.SocketCall;
import io.sockscope.receiver.Conversation;
import io.sockscope.receiver.Exchange;
import io.sockscope.receiver.Outcome;
import io.sockscope.receiver.Protocol;
import io.sockscope.receiver.ProtocolDetails;
import io.sockscope.receiver.Recorder;
import io.sockscope.receiver.ReceiverSettings;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Arrays;
import java.util.SplittableRandom;

import static io.sockscope.receiver.Recorder.http;
import static io.sockscope.receiver.protocol.http1.Captures.*;
import static org.assertj.core.api.Assertions.assertThat;

/** Garbage, truncated and binary input: never an exception out of the reader, always an UNKNOWN exchange. */
class Http1GarbageTest {
    private final Recorder r = new Recorder();

    @Test
    void binaryConnectionIsPairedByDirection() {
        Conversation s = Conversation.server(1);
        byte[] query = {0, 0, 0, 42, 1, 2, (byte) 0xff, (byte) 0xfe, 9, 9};
        byte[] answer = {0, 0, 0, 7, (byte) 0x80, 0, 1};
        r.feed(s.accept(), s.recv(query), s.send(answer), s.close());
        Exchange x = r.only();
        assertThat(x.protocol()).isEqualTo(Protocol.UNKNOWN);
        assertThat(x.details()).isEqualTo(ProtocolDetails.OPAQUE);
        assertThat(x.requestBytes()).isEqualTo(10);
        assertThat(x.responseBytes()).isEqualTo(7);
        assertThat(x.outcome()).isEqualTo(Outcome.COMPLETE);
        assertThat(r.assembler.parseFailures()).isZero();
    }

    @Test
    void validRequestThenGarbageResponseBecomesOneUnknownExchange() {
        Conversation s = Conversation.server(2);
        long start = s.now() + Conversation.STEP;
        r.feed(s.accept(), s.recv(CURL_GET), s.send("\u0000\u0001\u0002 this is not HTTP \u00ff"));
        assertThat(r.exchanges).isEmpty();
        r.feed(s.close());
        Exchange x = r.only();
        assertThat(x.protocol()).isEqualTo(Protocol.UNKNOWN);
        assertThat(x.requestBytes()).isEqualTo(CURL_GET.length());
        assertThat(x.requestStartNanos()).isEqualTo(start);
        assertThat(x.responseBytes()).isEqualTo(22);
        assertThat(x.outcome()).isEqualTo(Outcome.COMPLETE);
        assertThat(r.assembler.parseFailures()).isEqualTo(1);
        assertThat(r.assembler.eventFailures()).isZero();
    }

    @Test
    void garbageAfterAGoodExchangeKeepsTheGoodOne() {
        Conversation s = Conversation.server(3);
        r.feed(s.accept(), s.recv(CURL_GET), s.send(SMALL_200), s.recv("\u0016\u0003\u0001\u0002\u0000garbage"),
                s.send("junk"), s.recv("more"));
        assertThat(r.exchanges).extracting(Exchange::protocol).containsExactly(Protocol.HTTP1, Protocol.UNKNOWN);
        assertThat(r.exchanges.get(1).requestBytes()).isEqualTo(12);
        assertThat(r.exchanges.get(1).responseBytes()).isEqualTo(4);
    }

    @Test
    void goodResponseAndGarbageInOneWriteCountEveryByteOnce() {
        Conversation c = Conversation.client(4);
        r.feed(c.connect(), c.send(get("/a") + get("/b")), c.recv(SMALL_200 + "\u0000\u0000garbage!"), c.close());
        assertThat(r.exchanges).extracting(Exchange::protocol).containsExactly(Protocol.HTTP1, Protocol.UNKNOWN);
        assertThat(r.exchanges.get(0).responseBytes()).isEqualTo(SMALL_200.length());
        assertThat(r.exchanges.get(1).requestBytes()).isEqualTo(get("/b").length());
        assertThat(r.exchanges.get(1).responseBytes()).isEqualTo(10);
    }

    @Test
    void truncatedRequestHeadThenCloseIsUnknown() {
        Conversation s = Conversation.server(5);
        String cut = "GET /index.html HTTP/1.1\r\nHost: loc";
        r.feed(s.accept(), s.recv(cut), s.close());
        Exchange x = r.only();
        assertThat(x.protocol()).isEqualTo(Protocol.UNKNOWN);
        assertThat(x.outcome()).isEqualTo(Outcome.CONNECTION_CLOSED);
        assertThat(x.requestBytes()).isEqualTo(cut.length());
    }

    @Test
    void truncatedRequestHeadTimesOutAsUnknown() {
        Conversation s = Conversation.server(6);
        r.feed(s.accept(), s.recv("POST /x HTTP/1.1\r\nContent-Le"));
        r.assembler.onPoll(s.now() + 10_000_000_000L);
        assertThat(r.only().protocol()).isEqualTo(Protocol.UNKNOWN);
        assertThat(r.only().outcome()).isEqualTo(Outcome.TIMEOUT);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "GET / HTTP/1.1\r\nHost: a\u0001b\r\n\r\n",
        "GET / HTTP/1.1\r\nNo colon here\r\n\r\n",
        "GET / HTTP/1.1\r\nContent-Length: 12abc\r\n\r\n",
        "GET / HTTP/1.1\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n",
        "GET / HTTP/9.9\r\n\r\n",
        "GET /\u0000 HTTP/1.1\r\n\r\n",
        "GET  HTTP/1.1\r\n\r\n",
        "POST / HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n",
        "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
    })
    void malformedRequestsBecomeUnknown(String request) {
        Conversation s = Conversation.server(7);
        r.feed(s.accept(), s.recv(request), s.send(SMALL_200), s.close());
        Exchange x = r.only();
        assertThat(x.protocol()).isEqualTo(Protocol.UNKNOWN);
        assertThat(x.requestBytes()).isEqualTo(request.length());
        assertThat(x.responseBytes()).isEqualTo(SMALL_200.length());
        assertThat(r.assembler.parseFailures()).isLessThanOrEqualTo(1); // 0 when not even detected as HTTP
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "HTTP/1.1 2x0 OK\r\n\r\n",
        "HTTP/1.1 200 OK\r\nServer\u0007: x\r\n\r\n",
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhelloXX0\r\n\r\n",
        "HTTP/1.1 099 Weird\r\n\r\n",
    })
    void malformedResponsesBecomeUnknown(String response) {
        Conversation c = Conversation.client(8);
        r.feed(c.connect(), c.send(CURL_GET), c.recv(response), c.close());
        Exchange x = r.only();
        assertThat(x.protocol()).isEqualTo(Protocol.UNKNOWN);
        assertThat(x.requestBytes()).isEqualTo(CURL_GET.length());
        assertThat(x.responseBytes()).isEqualTo(response.length());
    }

    @Test
    void http2PriorKnowledgeIsNotHttp1() {
        Conversation c = Conversation.client(9);
        r.feed(c.connect(), c.send("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"), c.recv(new byte[] {0, 0, 0, 4, 0, 0, 0, 0, 0}),
                c.close());
        assertThat(r.only().protocol()).isEqualTo(Protocol.UNKNOWN);
        assertThat(r.assembler.parseFailures()).isZero();
    }

    @Test
    void enormousHeadIsCutAndStillPairs() {
        Conversation s = Conversation.server(10);
        String huge = "GET /big HTTP/1.1\r\nHost: x\r\nCookie: " + "c".repeat(40_000) + "\r\n\r\n";
        r.feed(s.accept());
        for (int i = 0; i < huge.length(); i += 1000) {
            r.feed(s.recv(huge.substring(i, Math.min(huge.length(), i + 1000))));
        }
        r.feed(s.send(SMALL_200), s.recv(get("/after")), s.send(SMALL_200));
        assertThat(r.exchanges).hasSize(2);
        assertThat(http(r.exchanges.get(0)).target()).isEqualTo("/big");
        assertThat(r.exchanges.get(0).requestBytes()).isEqualTo(huge.length());
        assertThat(http(r.exchanges.get(1)).target()).isEqualTo("/after");
    }

    @Test
    void payloadLongerThanBytesOrEventsWithoutDirectionAreHarmless() {
        Conversation s = Conversation.server(11);
        r.feed(s.accept(), s.data(Direction.INGRESS, Conversation.bytes(CURL_GET), 10, SocketCall.READ),
                s.data(Direction.NONE, new byte[5], 5, SocketCall.READ),
                s.data(Direction.EGRESS, new byte[0], -11, SocketCall.WRITE));
        assertThat(r.assembler.eventFailures()).isZero();
    }

    /** Valid traffic mutated, cut and gapped at random: whatever comes out, nothing escapes the reader. */
    @RepeatedTest(300)
    void fuzz(org.junit.jupiter.api.RepetitionInfo info) {
        SplittableRandom rnd = new SplittableRandom(info.getCurrentRepetition() * 7919L);
        Recorder rec = new Recorder(ReceiverSettings.defaults());
        String[][] script = {
            {CURL_GET, NGINX_200}, {CURL_POST_EXPECT, CONTINUE}, {"a".repeat(2048), NGINX_201}, {CURL_HEAD, NGINX_200_HEAD},
            {get("/1") + get("/2"), ok("1") + ok("22")}, {TRACED_GET, NGINX_CHUNKED}, {PYTHON_GET, PYTHON_200_HEADERS + "x"},
        };
        Conversation c = rnd.nextBoolean() ? Conversation.server(1) : Conversation.client(1);
        if (rnd.nextInt(4) == 0) {
            c.roleUnseen();
        }
        c.capture(rnd.nextInt(4) == 0 ? 1 + rnd.nextInt(200) : Integer.MAX_VALUE);
        rec.feed(c.role() == io.sockscope.bpf.Role.SERVER ? c.accept() : c.connect());
        for (int round = 0; round < 6; round++) {
            String[] pair = script[rnd.nextInt(script.length)];
            for (int side = 0; side < 2; side++) {
                byte[] msg = mutate(Conversation.bytes(pair[side]), rnd);
                boolean outgoing = (side == 0) == (c.role() == io.sockscope.bpf.Role.CLIENT);
                int pos = 0;
                while (pos < msg.length) {
                    int n = 1 + rnd.nextInt(Math.max(1, msg.length - pos));
                    byte[] part = Arrays.copyOfRange(msg, pos, pos + n);
                    long extra = rnd.nextInt(10) == 0 ? rnd.nextInt(5000) : 0;
                    rec.feed(c.data(outgoing ? Direction.EGRESS : Direction.INGRESS, part, n + extra,
                            outgoing ? SocketCall.WRITE : SocketCall.READ));
                    pos += n;
                }
            }
            if (rnd.nextInt(5) == 0) {
                rec.assembler.onPoll(c.now() + rnd.nextLong(20_000_000_000L));
            }
        }
        rec.feed(c.close());
        assertThat(rec.assembler.eventFailures()).isZero();
        assertThat(rec.assembler.connectionsLive()).isZero();
        for (Exchange x : rec.exchanges) {
            assertThat(x.requestEndNanos()).isGreaterThanOrEqualTo(x.requestStartNanos());
            assertThat(x.requestBytes()).isPositive();
            assertThat(x.responseBytes()).isNotNegative();
            if (x.responseBytes() > 0) {
                assertThat(x.responseEndNanos()).isGreaterThanOrEqualTo(x.responseStartNanos());
            }
        }
    }

    @RepeatedTest(200)
    void randomBytesInRandomDirections(org.junit.jupiter.api.RepetitionInfo info) {
        SplittableRandom rnd = new SplittableRandom(info.getCurrentRepetition());
        Conversation c = Conversation.server(2).roleUnseen();
        for (int i = 0; i < 20; i++) {
            byte[] b = new byte[rnd.nextInt(300)];
            for (int j = 0; j < b.length; j++) {
                b[j] = (byte) (rnd.nextInt(4) == 0 ? "GET /HTTP1.\r\n :"
                        .charAt(rnd.nextInt(15)) : rnd.nextInt(256));
            }
            r.feed(rnd.nextBoolean() ? c.send(b) : c.recv(b));
        }
        r.feed(c.close());
        assertThat(r.assembler.eventFailures()).isZero();
    }

    private static byte[] mutate(byte[] msg, SplittableRandom rnd) {
        if (rnd.nextInt(3) != 0 || msg.length == 0) {
            return msg;
        }
        byte[] out = msg.clone();
        int n = 1 + rnd.nextInt(3);
        for (int i = 0; i < n; i++) {
            switch (rnd.nextInt(3)) {
                case 0 -> out[rnd.nextInt(out.length)] = (byte) rnd.nextInt(256);
                case 1 -> out = Arrays.copyOf(out, rnd.nextInt(out.length) + 1);
                default -> out[rnd.nextInt(out.length)] = (byte) "\r\n: 0123456789abcdef".charAt(rnd.nextInt(20));
            }
        }
        return out;
    }
}
