package io.sockscope.receiver.protocol.http1;

import io.sockscope.bpf.KernelEvent;
import io.sockscope.bpf.Role;
import io.sockscope.bpf.TcpState;
import io.sockscope.receiver.Conversation;
import io.sockscope.receiver.Exchange;
import io.sockscope.receiver.HttpDetails;
import io.sockscope.receiver.Outcome;
import io.sockscope.receiver.Protocol;
import io.sockscope.receiver.Recorder;
import org.junit.jupiter.api.Test;

import static io.sockscope.receiver.Recorder.http;
import static io.sockscope.receiver.protocol.http1.Captures.*;
import static org.assertj.core.api.Assertions.assertThat;

/** HTTP/1.x exchanges rebuilt from kernel events of real captures, one behaviour per test. */
class Http1ExchangeTest {
    private final Recorder r = new Recorder();

    @Test
    void curlAgainstNginxOnTheServerSide() {
        Conversation s = Conversation.server(1);
        KernelEvent accept = s.accept();
        long reqAt = s.now();
        KernelEvent req = s.recv(CURL_GET);
        long respAt = s.now();
        r.feed(accept, req, s.send(NGINX_200));

        Exchange x = r.only();
        assertThat(x.protocol()).isEqualTo(Protocol.HTTP1);
        assertThat(x.role()).isEqualTo(Role.SERVER);
        assertThat(x.outcome()).isEqualTo(Outcome.COMPLETE);
        assertThat(x.connectionId()).isEqualTo(1);
        assertThat(x.local().port()).isEqualTo(8080);
        assertThat(x.remote().address()).isEqualTo(Conversation.CLIENT_IP);
        assertThat(x.pid()).isEqualTo(100);
        assertThat(x.requestStartNanos()).isEqualTo(reqAt);
        assertThat(x.requestEndNanos()).isEqualTo(reqAt);
        assertThat(x.responseStartNanos()).isEqualTo(respAt);
        assertThat(x.responseEndNanos()).isEqualTo(respAt);
        assertThat(x.requestBytes()).isEqualTo(CURL_GET.length());
        assertThat(x.responseBytes()).isEqualTo(NGINX_200.length());
        HttpDetails h = http(x);
        assertThat(h.method()).isEqualTo("GET");
        assertThat(h.target()).isEqualTo("/index.html?lang=en");
        assertThat(h.path()).isEqualTo("/index.html");
        assertThat(h.query()).isEqualTo("lang=en");
        assertThat(h.version()).isEqualTo("1.1");
        assertThat(h.host()).isEqualTo("localhost:8080");
        assertThat(h.userAgent()).isEqualTo("curl/7.88.1");
        assertThat(h.statusCode()).isEqualTo(200);
        assertThat(h.requestBodyBytes()).isZero();
        assertThat(h.responseBodyBytes()).isEqualTo(615);
    }

    @Test
    void curlAgainstNginxOnTheClientSide() {
        Conversation c = Conversation.client(2);
        r.feed(c.connect(), c.send(CURL_GET), c.recv(NGINX_200));

        Exchange x = r.only();
        assertThat(x.role()).isEqualTo(Role.CLIENT);
        assertThat(x.server().port()).isEqualTo(8080);
        assertThat(x.client().port()).isEqualTo(54321);
        assertThat(x.pid()).isEqualTo(200);
        assertThat(http(x).statusCode()).isEqualTo(200);
    }

    @Test
    void timingSpansFirstToLastByteOfEachMessage() {
        Conversation s = Conversation.server(3);
        long reqStart = s.now();
        KernelEvent r1 = s.recv(CURL_POST_EXPECT.substring(0, 30));
        KernelEvent r2 = s.recv(CURL_POST_EXPECT.substring(30));
        KernelEvent body = s.recv("x".repeat(2048));
        long reqEnd = s.now() - Conversation.STEP;
        s.after(5_000_000);
        long respStart = s.now();
        KernelEvent h = s.send(NGINX_200_HEAD);
        KernelEvent b = s.sendfile(615);
        long respEnd = s.now() - Conversation.STEP;
        r.feed(s.accept(), r1, r2, body, h, b);

        Exchange x = r.only();
        assertThat(x.requestStartNanos()).isEqualTo(reqStart);
        assertThat(x.requestEndNanos()).isEqualTo(reqEnd);
        assertThat(x.responseStartNanos()).isEqualTo(respStart);
        assertThat(x.responseEndNanos()).isEqualTo(respEnd);
        assertThat(x.responseBytes()).isEqualTo(NGINX_200.length());
        assertThat(http(x).requestBodyBytes()).isEqualTo(2048);
    }

    @Test
    void keepAliveCarriesManyExchangesInOrder() {
        Conversation s = Conversation.server(4);
        r.feed(s.accept());
        for (int i = 0; i < 100; i++) {
            r.feed(s.recv(get("/item/" + i)), s.send(ok("body-" + i)));
        }
        assertThat(r.exchanges).hasSize(100);
        for (int i = 0; i < 100; i++) {
            assertThat(http(r.exchanges.get(i)).target()).isEqualTo("/item/" + i);
            assertThat(http(r.exchanges.get(i)).responseBodyBytes()).isEqualTo(("body-" + i).length());
        }
        assertThat(r.assembler.parseFailures()).isZero();
        assertThat(r.assembler.orphanResponses()).isZero();
    }

    @Test
    void threePipelinedRequestsInOneWritePairInOrder() {
        Conversation s = Conversation.server(5);
        r.feed(s.accept(), s.recv(get("/1") + get("/2") + get("/3")));
        assertThat(r.exchanges).isEmpty();
        r.feed(s.send(ok("one")), s.send(ok("two") + ok("three")));

        assertThat(r.exchanges).extracting(x -> http(x).target()).containsExactly("/1", "/2", "/3");
        assertThat(r.exchanges).extracting(x -> http(x).responseBodyBytes()).containsExactly(3L, 3L, 5L);
        assertThat(r.exchanges).allMatch(x -> x.outcome() == Outcome.COMPLETE);
        assertThat(r.exchanges.get(0).requestBytes()).isEqualTo(get("/1").length());
    }

    @Test
    void pipelinedResponsesInOneWriteOnTheClientSide() {
        Conversation c = Conversation.client(6);
        r.feed(c.connect(), c.send(get("/a") + get("/b") + get("/c")), c.recv(ok("A") + ok("BB") + ok("CCC")));
        assertThat(r.exchanges).extracting(x -> http(x).target()).containsExactly("/a", "/b", "/c");
        assertThat(r.exchanges).extracting(x -> http(x).responseBodyBytes()).containsExactly(1L, 2L, 3L);
    }

    @Test
    void chunkedResponseIsSkippedToTheNextMessage() {
        Conversation s = Conversation.server(7);
        r.feed(s.accept(), s.recv(CURL_GET), s.send(NGINX_CHUNKED), s.recv(get("/next")), s.send(ok("n")));
        assertThat(r.exchanges).hasSize(2);
        assertThat(r.exchanges.get(0).responseBytes()).isEqualTo(NGINX_CHUNKED.length());
        assertThat(http(r.exchanges.get(0)).statusCode()).isEqualTo(200);
        assertThat(http(r.exchanges.get(1)).target()).isEqualTo("/next");
    }

    @Test
    void chunkedResponseSplitInsideSizeLinesAndLineEnds() {
        Conversation s = Conversation.server(8);
        r.feed(s.accept(), s.recv(CURL_GET));
        int headEnd = NGINX_CHUNKED.indexOf("\r\n\r\n") + 4;
        String head = NGINX_CHUNKED.substring(0, headEnd);
        String body = NGINX_CHUNKED.substring(headEnd);
        r.feed(s.send(head));
        for (int i = 0; i < body.length(); i++) {
            r.feed(s.send(body.substring(i, i + 1)));
            assertThat(r.exchanges).as("after byte %d", i).hasSize(i == body.length() - 1 ? 1 : 0);
        }
        assertThat(r.only().responseBytes()).isEqualTo(NGINX_CHUNKED.length());
    }

    @Test
    void chunkedBodyWithGapsInsideChunkData() {
        Conversation s = Conversation.server(9).capture(128); // heads fit, chunk data does not
        String head = "HTTP/1.1 200 OK\r\nServer: nginx/1.22.1\r\nTransfer-Encoding: chunked\r\n\r\n";
        String chunk = "2000\r\n" + "d".repeat(0x2000) + "\r\n";
        r.feed(s.accept(), s.recv(CURL_GET), s.send(head));
        r.feed(s.send(chunk), s.send(chunk), s.send("0\r\n\r\n"));
        r.feed(s.recv(get("/after")), s.send(ok("z")));

        assertThat(r.exchanges).hasSize(2);
        assertThat(r.exchanges.get(0).responseBytes()).isEqualTo(head.length() + 2L * chunk.length() + 5);
        assertThat(http(r.exchanges.get(1)).target()).isEqualTo("/after");
        assertThat(r.assembler.parseFailures()).isZero();
    }

    @Test
    void chunkedFramingLostInAGapEndsWhenTheClientSpeaksAgain() {
        // One write carries several chunks; only its start is captured, so the chunk lines are unseen.
        Conversation s = Conversation.server(10).capture(100);
        String head = "HTTP/1.1 200 OK\r\nServer: nginx/1.22.1\r\nTransfer-Encoding: chunked\r\n\r\n";
        String chunks = ("10\r\n" + "c".repeat(16) + "\r\n").repeat(50) + "0\r\n\r\n";
        r.feed(s.accept(), s.recv(CURL_GET), s.send(head + chunks));
        assertThat(r.exchanges).isEmpty();
        r.feed(s.recv(get("/2")));
        assertThat(r.exchanges).hasSize(1);
        assertThat(r.exchanges.get(0).outcome()).isEqualTo(Outcome.COMPLETE);
        assertThat(r.exchanges.get(0).responseBytes()).isEqualTo(head.length() + chunks.length());
        assertThat(http(r.exchanges.get(0)).statusCode()).isEqualTo(200);
        r.feed(s.send(SMALL_200));
        assertThat(r.exchanges).hasSize(2);
        assertThat(http(r.exchanges.get(1)).target()).isEqualTo("/2");
    }

    @Test
    void contentLengthBodyLongerThanTheCaptureIsSkippedByCount() {
        Conversation c = Conversation.client(11).capture(4096);
        String head = "HTTP/1.1 200 OK\r\nServer: nginx/1.22.1\r\nContent-Length: 1000000\r\n\r\n";
        r.feed(c.connect(), c.send(CURL_GET));
        r.feed(c.recv(head + "b".repeat(60_000)));
        for (int i = 0; i < 15; i++) {
            r.feed(c.recv("b".repeat(62_000)));
        }
        r.feed(c.recv("b".repeat(1_000_000 - 60_000 - 15 * 62_000)));
        assertThat(r.exchanges).hasSize(1);
        assertThat(r.only().responseBytes()).isEqualTo(head.length() + 1_000_000L);
        r.feed(c.send(get("/next")), c.recv(SMALL_200));
        assertThat(r.exchanges).hasSize(2);
        assertThat(r.assembler.parseFailures()).isZero();
    }

    @Test
    void headersSplitAcrossSyscallsAtEveryOffset() {
        String request = TRACED_GET;
        String response = NGINX_200;
        for (int cut = 1; cut < request.length(); cut++) {
            Recorder rec = new Recorder();
            Conversation s = Conversation.server(100 + cut);
            rec.feed(s.accept(), s.recv(request.substring(0, cut)), s.recv(request.substring(cut)));
            int respCut = cut % response.length();
            if (respCut == 0) {
                respCut = 1;
            }
            rec.feed(s.send(response.substring(0, respCut)), s.send(response.substring(respCut)));
            HttpDetails h = rec.onlyHttp();
            assertThat(h.target()).as("cut at %d", cut).isEqualTo("/api/orders/42");
            assertThat(h.traceparent()).isEqualTo("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
            assertThat(h.statusCode()).isEqualTo(200);
            assertThat(rec.only().responseBytes()).isEqualTo(response.length());
        }
    }

    @Test
    void oneByteAtATime() {
        Conversation s = Conversation.server(12);
        r.feed(s.accept());
        for (char ch : (CURL_GET + get("/second")).toCharArray()) {
            r.feed(s.recv(String.valueOf(ch)));
        }
        String both = NGINX_200 + ok("2nd");
        for (char ch : both.toCharArray()) {
            r.feed(s.send(String.valueOf(ch)));
        }
        assertThat(r.exchanges).extracting(x -> http(x).target()).containsExactly("/index.html?lang=en", "/second");
        assertThat(r.exchanges).allMatch(x -> x.outcome() == Outcome.COMPLETE);
    }

    @Test
    void hundredContinueIsNotTheResponse() {
        Conversation c = Conversation.client(13);
        r.feed(c.connect(), c.send(CURL_POST_EXPECT));
        long continueAt = c.now();
        r.feed(c.recv(CONTINUE));
        assertThat(r.exchanges).isEmpty();
        long bodyAt = c.now();
        r.feed(c.send("a".repeat(2048)));
        long finalAt = c.now();
        r.feed(c.recv(NGINX_201));

        Exchange x = r.only();
        HttpDetails h = http(x);
        assertThat(h.method()).isEqualTo("POST");
        assertThat(h.statusCode()).isEqualTo(201);
        assertThat(h.requestBodyBytes()).isEqualTo(2048);
        assertThat(x.requestEndNanos()).isEqualTo(bodyAt);
        assertThat(x.responseStartNanos()).isEqualTo(finalAt).isNotEqualTo(continueAt);
        // every byte the server sent for this request, as the connection's counters see it
        assertThat(x.responseBytes()).isEqualTo(CONTINUE.length() + NGINX_201.length());
        assertThat(h.responseBodyBytes()).isEqualTo(NGINX_201.length() - NGINX_201.indexOf("\r\n\r\n") - 4);
    }

    @Test
    void aTimeoutBetweenContinueAndTheFinalResponseKeepsLaterPairsAligned() {
        Conversation c = Conversation.client(35);
        r.feed(c.connect(), c.send(CURL_POST_EXPECT), c.recv(CONTINUE), c.send("a".repeat(2048)));
        r.assembler.onPoll(c.now() + 10_000_000_000L);
        assertThat(r.only().outcome()).isEqualTo(Outcome.TIMEOUT);
        c.after(10_000_000_000L);
        r.feed(c.recv(NGINX_201), c.send(get("/next")), c.recv(ok("next")));
        assertThat(r.exchanges).hasSize(2);
        assertThat(http(r.exchanges.get(1)).target()).isEqualTo("/next");
        assertThat(http(r.exchanges.get(1)).statusCode()).isEqualTo(200);
        assertThat(r.assembler.orphanResponses()).isEqualTo(1);
    }

    @Test
    void aHeadCompletedAfterItsTimeoutDoesNotStealTheNextResponse() {
        Conversation s = Conversation.server(36);
        r.feed(s.accept(), s.recv("GET /slowloris HTTP/1.1\r\nHost: x\r\n"));
        r.assembler.onPoll(s.now() + 10_000_000_000L);
        assertThat(r.only().protocol()).isEqualTo(Protocol.UNKNOWN);
        s.after(10_000_000_000L);
        r.feed(s.recv("\r\n"), s.send(ok("late")), s.recv(get("/ok")), s.send(ok("fine")));
        assertThat(r.exchanges).hasSize(2);
        assertThat(http(r.exchanges.get(1)).target()).isEqualTo("/ok");
        assertThat(http(r.exchanges.get(1)).responseBodyBytes()).isEqualTo(4);
    }

    @Test
    void hundredContinueAndFinalResponseInOneRead() {
        Conversation s = Conversation.client(14);
        r.feed(s.connect(), s.send(CURL_POST_EXPECT + "a".repeat(2048)), s.recv(CONTINUE + NGINX_201));
        assertThat(http(r.only()).statusCode()).isEqualTo(201);
    }

    @Test
    void headResponseHasNoBodyDespiteContentLength() {
        Conversation s = Conversation.server(15);
        r.feed(s.accept(), s.recv(CURL_HEAD), s.send(NGINX_200_HEAD));
        assertThat(r.exchanges).hasSize(1);
        assertThat(http(r.exchanges.get(0)).method()).isEqualTo("HEAD");
        assertThat(http(r.exchanges.get(0)).responseBodyBytes()).isZero();
        r.feed(s.recv(CURL_GET), s.send(NGINX_200));
        assertThat(r.exchanges).hasSize(2);
        assertThat(http(r.exchanges.get(1)).responseBodyBytes()).isEqualTo(615);
    }

    @Test
    void noContentAndNotModifiedHaveNoBody() {
        Conversation s = Conversation.server(16);
        r.feed(s.accept(), s.recv(get("/delete-me")), s.send(NGINX_204), s.recv(CURL_CONDITIONAL), s.send(NGINX_304),
                s.recv(get("/last")), s.send(ok("!")));
        assertThat(r.exchanges).extracting(x -> http(x).statusCode()).containsExactly(204, 304, 200);
    }

    @Test
    void http10ResponseWithoutLengthEndsAtTheClose() {
        Conversation s = Conversation.server(17);
        r.feed(s.accept(), s.recv(PYTHON_GET), s.send(PYTHON_200_HEADERS), s.send("line one\n"), s.send("line two\n"));
        assertThat(r.exchanges).isEmpty();
        long lastByte = s.now() - Conversation.STEP;
        r.feed(s.state(TcpState.ESTABLISHED, TcpState.FIN_WAIT1));
        Exchange x = r.only();
        assertThat(x.outcome()).isEqualTo(Outcome.COMPLETE);
        assertThat(x.responseEndNanos()).isEqualTo(lastByte);
        assertThat(x.responseBytes()).isEqualTo(PYTHON_200_HEADERS.length() + 18);
        assertThat(http(x).version()).isEqualTo("1.0");
        assertThat(http(x).userAgent()).isEqualTo("Python-urllib/3.11");
        r.feed(s.close());
        assertThat(r.exchanges).hasSize(1);
    }

    @Test
    void readUntilCloseEndsAtAZeroByteReadOnTheClient() {
        Conversation c = Conversation.client(18);
        r.feed(c.connect(), c.send(PYTHON_GET), c.recv(PYTHON_200_HEADERS + "hello\n"), c.eof());
        assertThat(r.only().outcome()).isEqualTo(Outcome.COMPLETE);
        assertThat(r.only().responseBytes()).isEqualTo(PYTHON_200_HEADERS.length() + 6);
    }

    @Test
    void readUntilCloseEndsAtTheCloseEvent() {
        Conversation c = Conversation.client(19);
        r.feed(c.connect(), c.send(PYTHON_GET), c.recv(PYTHON_200_HEADERS + "hello\n"), c.close());
        assertThat(r.only().outcome()).isEqualTo(Outcome.COMPLETE);
        assertThat(r.assembler.connectionsLive()).isZero();
    }

    @Test
    void connectionCloseWithContentLengthCompletesAtTheLastByte() {
        String resp = "HTTP/1.1 404 Not Found\r\nServer: nginx/1.22.1\r\nContent-Type: text/html\r\n"
                + "Content-Length: 9\r\nConnection: close\r\n\r\nnot found";
        Conversation s = Conversation.server(20);
        r.feed(s.accept(), s.recv(CURL_GET), s.send(resp));
        assertThat(http(r.only()).statusCode()).isEqualTo(404);
        r.feed(s.close());
        assertThat(r.exchanges).hasSize(1);
    }

    @Test
    void traceContextHeadersAreKept() {
        Conversation s = Conversation.server(21);
        r.feed(s.accept(), s.recv(TRACED_GET), s.send(SMALL_200));
        HttpDetails h = r.onlyHttp();
        assertThat(h.traceparent()).isEqualTo("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
        assertThat(h.tracestate()).isEqualTo("congo=t61rcWkgMzE,rojo=00f067aa0ba902b7");
        assertThat(h.host()).isEqualTo("orders.internal:8080");
        assertThat(h.userAgent()).isEqualTo("Java-http-client/21.0.2");
    }

    @Test
    void headerNamesAreCaseInsensitiveAndBareLineFeedsWork() {
        String req = "PUT /kv/a HTTP/1.1\nHOST: kv\ncontent-length: 3\n\nabc";
        String resp = "HTTP/1.1 200\ncontent-LENGTH: 0\n\n";
        Conversation s = Conversation.server(22);
        r.feed(s.accept(), s.recv(req), s.send(resp));
        HttpDetails h = r.onlyHttp();
        assertThat(h.host()).isEqualTo("kv");
        assertThat(h.requestBodyBytes()).isEqualTo(3);
        assertThat(h.statusCode()).isEqualTo(200);
    }

    @Test
    void chunkedRequestBody() {
        String req = "POST /ingest HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "5\r\nhello\r\n6\r\n world\r\n0\r\nX-Checksum: 1\r\n\r\n";
        Conversation s = Conversation.server(23);
        r.feed(s.accept(), s.recv(req), s.send(NGINX_201), s.recv(get("/x")), s.send(ok("x")));
        assertThat(r.exchanges).hasSize(2);
        assertThat(r.exchanges.get(0).requestBytes()).isEqualTo(req.length());
        assertThat(r.assembler.parseFailures()).isZero();
    }

    @Test
    void earlyResponseBeforeTheRequestBodyEnds() {
        String req = "POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n";
        String resp = "HTTP/1.1 413 Request Entity Too Large\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
        Conversation s = Conversation.server(24);
        r.feed(s.accept(), s.recv(req + "x".repeat(1000)), s.send(resp), s.recv("x".repeat(1000)), s.close());
        assertThat(r.exchanges).hasSize(1);
        assertThat(http(r.only()).statusCode()).isEqualTo(413);
        assertThat(r.only().outcome()).isEqualTo(Outcome.COMPLETE);
    }

    @Test
    void closedBeforeTheResponseEnds() {
        Conversation c = Conversation.client(25);
        r.feed(c.connect(), c.send(CURL_GET), c.recv(NGINX_200_HEAD + "partial"), c.close());
        Exchange x = r.only();
        assertThat(x.outcome()).isEqualTo(Outcome.CONNECTION_CLOSED);
        assertThat(http(x).statusCode()).isEqualTo(200);
        assertThat(x.responseBytes()).isEqualTo(NGINX_200_HEAD.length() + 7);
    }

    @Test
    void closedBeforeAnyResponse() {
        Conversation s = Conversation.server(26);
        r.feed(s.accept(), s.recv(get("/1") + get("/2")), s.close());
        assertThat(r.exchanges).extracting(Exchange::outcome)
                .containsExactly(Outcome.CONNECTION_CLOSED, Outcome.CONNECTION_CLOSED);
        assertThat(r.exchanges).allMatch(x -> x.responseStartNanos() == 0 && x.protocol() == Protocol.HTTP1);
    }

    @Test
    void requestWithoutResponseTimesOut() {
        Conversation s = Conversation.server(27);
        r.feed(s.accept(), s.recv(CURL_GET));
        long sentAt = s.now() - Conversation.STEP;
        r.assembler.onPoll(sentAt + 9_999_999_999L);
        assertThat(r.exchanges).isEmpty();
        r.assembler.onPoll(sentAt + 10_000_000_000L);
        Exchange x = r.only();
        assertThat(x.outcome()).isEqualTo(Outcome.TIMEOUT);
        assertThat(x.protocol()).isEqualTo(Protocol.HTTP1);
        assertThat(x.responseEndNanos()).isZero();
        r.assembler.onPoll(sentAt + 20_000_000_000L);
        assertThat(r.exchanges).hasSize(1);
    }

    @Test
    void aLateResponseAfterATimeoutIsDroppedAndTheNextPairsCorrectly() {
        Conversation s = Conversation.client(28);
        r.feed(s.connect(), s.send(get("/slow")));
        r.assembler.onPoll(s.now() + 11_000_000_000L);
        s.after(11_000_000_000L);
        r.feed(s.send(get("/fast")), s.recv(ok("slow")), s.recv(ok("fast")));
        assertThat(r.exchanges).hasSize(2);
        assertThat(r.exchanges.get(0).outcome()).isEqualTo(Outcome.TIMEOUT);
        assertThat(http(r.exchanges.get(1)).target()).isEqualTo("/fast");
        assertThat(http(r.exchanges.get(1)).responseBodyBytes()).isEqualTo(4);
    }

    @Test
    void upgradeToWebSocketCompletesAndTheRestIsPairedByDirection() {
        String req = "GET /chat HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";
        String resp = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n";
        Conversation s = Conversation.server(29);
        r.feed(s.accept(), s.recv(req), s.send(resp), s.recv(new byte[] {(byte) 0x81, (byte) 0x85, 1, 2, 3, 4, 5, 6, 7,
                8, 9}), s.send(new byte[] {(byte) 0x81, 2, 'h', 'i'}), s.close());
        assertThat(r.exchanges).hasSize(2);
        assertThat(http(r.exchanges.get(0)).statusCode()).isEqualTo(101);
        assertThat(r.exchanges.get(1).protocol()).isEqualTo(Protocol.UNKNOWN);
        assertThat(r.exchanges.get(1).requestBytes()).isEqualTo(11);
        assertThat(r.exchanges.get(1).responseBytes()).isEqualTo(4);
        assertThat(r.assembler.parseFailures()).isZero();
    }

    @Test
    void bothEndsOnOneHostGiveAClientAndAServerExchangeOnTheSameTuple() {
        Conversation client = Conversation.client(30);
        Conversation server = Conversation.server(31);
        r.feed(client.connect(), server.accept(), client.send(CURL_GET), server.recv(CURL_GET), server.send(NGINX_200),
                client.recv(NGINX_200));
        assertThat(r.exchanges).hasSize(2);
        Exchange srv = r.exchanges.get(0);
        Exchange cli = r.exchanges.get(1);
        assertThat(srv.role()).isEqualTo(Role.SERVER);
        assertThat(cli.role()).isEqualTo(Role.CLIENT);
        assertThat(srv.local()).isEqualTo(cli.remote());
        assertThat(srv.remote()).isEqualTo(cli.local());
        assertThat(cli.requestStartNanos()).isLessThanOrEqualTo(srv.requestStartNanos());
        assertThat(cli.responseEndNanos()).isGreaterThanOrEqualTo(srv.responseEndNanos());
    }

    @Test
    void manyConnectionsInterleaved() {
        int n = 50;
        Conversation[] cs = new Conversation[n];
        for (int i = 0; i < n; i++) {
            cs[i] = Conversation.server(1000 + i);
            r.feed(cs[i].accept());
        }
        for (int round = 0; round < 10; round++) {
            for (Conversation c : cs) {
                r.feed(c.recv(get("/r" + round)));
            }
            for (Conversation c : cs) {
                r.feed(c.send(ok("x")));
            }
        }
        assertThat(r.exchanges).hasSize(n * 10);
        assertThat(r.assembler.connectionsLive()).isEqualTo(n);
    }

    @Test
    void sendfileBodyAfterHeaders() {
        Conversation s = Conversation.server(32);
        r.feed(s.accept(), s.recv(CURL_GET), s.send(NGINX_200_HEAD), s.sendfile(615), s.recv(CURL_GET),
                s.send(NGINX_200_HEAD), s.sendfile(615));
        assertThat(r.exchanges).hasSize(2);
        assertThat(r.exchanges).allMatch(x -> x.responseBytes() == NGINX_200.length());
    }

    @Test
    void connectTunnelTurnsOpaque() {
        Conversation c = Conversation.client(33);
        r.feed(c.connect(), c.send("CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n"),
                c.recv("HTTP/1.1 200 Connection established\r\n\r\n"), c.send(new byte[] {0x16, 3, 1, 0, 5, 1, 2, 3, 4, 5}),
                c.recv(new byte[] {0x16, 3, 3, 0, 2, 9, 9}), c.close());
        assertThat(r.exchanges).extracting(Exchange::protocol).containsExactly(Protocol.HTTP1, Protocol.UNKNOWN);
        assertThat(r.assembler.parseFailures()).isZero();
    }

    @Test
    void stateAndMetadataOfTheExchange() {
        Conversation s = Conversation.server(34);
        r.feed(s.accept(), s.recv(CURL_GET), s.send(SMALL_200));
        Exchange x = r.only();
        assertThat(x.cgroupId()).isEqualTo(77);
        assertThat(x.netns()).isEqualTo(4026531840L);
        assertThat(x.transport()).isEqualTo(6);
        assertThat(x.process().pid()).isEqualTo(100);
        assertThat(x.process().executableName()).isEqualTo("nginx");
    }
}
