package io.sockscope.pipeline.tls;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throw-away PKI made with the {@code openssl} command: a CA, a server certificate for
 * {@code localhost} and {@code 127.0.0.1}, and a client certificate, all EC P-256 in PEM.
 */
public record TestCerts(Path ca, Path serverCert, Path serverKey, Path clientCert, Path clientKey) {

    public static TestCerts generate(Path dir) throws IOException, InterruptedException {
        Files.writeString(dir.resolve("server.ext"), "subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n");
        Files.writeString(dir.resolve("client.ext"), "extendedKeyUsage=clientAuth\n");
        openssl(dir, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                "-keyout", "ca-key.pem", "-out", "ca.pem", "-subj", "/CN=sockscope-test-ca", "-days", "2");
        for (String who : List.of("server", "client")) {
            openssl(dir, "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                    "-keyout", who + "-key.pem", "-out", who + ".csr", "-subj", "/CN=" + (who.equals("server") ? "localhost" : "sockscope-client"));
            openssl(dir, "x509", "-req", "-in", who + ".csr", "-CA", "ca.pem", "-CAkey", "ca-key.pem", "-CAcreateserial",
                    "-out", who + ".pem", "-days", "2", "-extfile", who + ".ext");
        }
        return new TestCerts(dir.resolve("ca.pem"), dir.resolve("server.pem"), dir.resolve("server-key.pem"),
                dir.resolve("client.pem"), dir.resolve("client-key.pem"));
    }

    public static void openssl(Path dir, String... args) throws IOException, InterruptedException {
        String[] cmd = new String[args.length + 1];
        cmd[0] = "openssl";
        System.arraycopy(args, 0, cmd, 1, args.length);
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("openssl " + String.join(" ", args) + " failed: " + out);
        }
    }

    public ServerTlsConfig server() {
        return new ServerTlsConfig(serverCert.toString(), serverKey.toString(), null);
    }

    public ServerTlsConfig serverRequiringClientCert() {
        return new ServerTlsConfig(serverCert.toString(), serverKey.toString(), ca.toString());
    }

    public ClientTlsConfig clientTrustingCa() {
        return new ClientTlsConfig(false, false, ca.toString(), null, null);
    }

    public ClientTlsConfig clientWithCertificate() {
        return new ClientTlsConfig(false, false, ca.toString(), clientCert.toString(), clientKey.toString());
    }
}
