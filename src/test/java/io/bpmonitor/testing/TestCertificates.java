package io.bpmonitor.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import io.bpmonitor.tls.PemCertificates;

/**
 * A throw-away CA and the certificates it signs for 127.0.0.1 and localhost (server and client use), made with openssl
 * at test time in a temp directory; nothing here is ever committed. PKCS12 stores for Kafka are made from them in Java.
 */
public record TestCertificates(Path caCertificate, Path caKey, Path certificate, Path key) {

    /** Creates {@code dir} and the CA and certificate in it: ca.crt, ca.key, node.crt, node.key (PEM, key unencrypted). */
    public static TestCertificates create(Path dir, String caName) throws Exception {
        Files.createDirectories(dir);
        Path caCert = dir.resolve("ca.crt");
        Path caKey = dir.resolve("ca.key");
        openssl(dir, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", caKey.toString(), "-out", caCert.toString(),
                "-days", "2", "-subj", "/CN=" + caName);
        return signed(caCert, caKey, "node", "localhost");
    }

    /**
     * Another certificate signed by the same CA, for the same names and uses ({@code name}.crt and {@code name}.key
     * next to the CA's): a client's, say, besides the server's.
     */
    public TestCertificates issue(String name, String commonName) throws Exception {
        return signed(caCertificate, caKey, name, commonName);
    }

    private static TestCertificates signed(Path caCertificate, Path caKey, String name, String commonName)
            throws Exception {
        Path dir = caCertificate.getParent();
        Path cert = dir.resolve(name + ".crt");
        Path key = dir.resolve(name + ".key");
        Path csr = dir.resolve(name + ".csr");
        Path extensions = dir.resolve(name + ".ext");
        Files.writeString(extensions, String.join("\n",
                "subjectAltName=IP:127.0.0.1,DNS:localhost",
                "basicConstraints=CA:FALSE",
                "keyUsage=digitalSignature,keyEncipherment",
                "extendedKeyUsage=serverAuth,clientAuth", ""));
        openssl(dir, "req", "-newkey", "rsa:2048", "-nodes", "-keyout", key.toString(), "-out", csr.toString(),
                "-subj", "/CN=" + commonName);
        openssl(dir, "x509", "-req", "-in", csr.toString(), "-CA", caCertificate.toString(), "-CAkey", caKey.toString(),
                "-CAcreateserial", "-out", cert.toString(), "-days", "2", "-extfile", extensions.toString());
        return new TestCertificates(caCertificate, caKey, cert, key);
    }

    /** A PKCS12 key store holding {@link #key()} with {@link #certificate()} and the CA as its chain. */
    public Path keystore(Path file, String password) throws Exception {
        List<Certificate> chain = new java.util.ArrayList<>(PemCertificates.read(certificate));
        chain.addAll(PemCertificates.read(caCertificate));
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("node", privateKey(), password.toCharArray(), chain.toArray(Certificate[]::new));
        try (OutputStream out = Files.newOutputStream(file)) {
            store.store(out, password.toCharArray());
        }
        return file;
    }

    /** A PKCS12 trust store holding only the CA certificate. */
    public Path truststore(Path file, String password) throws Exception {
        KeyStore store = PemCertificates.trustStore(caCertificate);
        KeyStore pkcs12 = KeyStore.getInstance("PKCS12");
        pkcs12.load(null, null);
        for (String alias : java.util.Collections.list(store.aliases())) {
            pkcs12.setCertificateEntry(alias, store.getCertificate(alias));
        }
        try (OutputStream out = Files.newOutputStream(file)) {
            pkcs12.store(out, password.toCharArray());
        }
        return file;
    }

    /**
     * A client's TLS: trusting the CA of {@code truststore} and, when {@code clientKeystore} is given, presenting its
     * certificate (both PKCS12 with {@code password}).
     */
    public static SSLContext clientTls(Path truststore, Path clientKeystore, String password) throws Exception {
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(load(truststore, password));
        KeyManagerFactory keys = null;
        if (clientKeystore != null) {
            keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(load(clientKeystore, password), password.toCharArray());
        }
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(keys == null ? null : keys.getKeyManagers(), trust.getTrustManagers(), null);
        return tls;
    }

    private static KeyStore load(Path file, String password) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (java.io.InputStream in = Files.newInputStream(file)) {
            store.load(in, password.toCharArray());
        }
        return store;
    }

    private PrivateKey privateKey() throws Exception {
        String pem = Files.readString(key, StandardCharsets.US_ASCII);
        if (!pem.contains("BEGIN PRIVATE KEY")) {
            throw new IllegalStateException("expected a PKCS#8 key from openssl in " + key);
        }
        String base64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
    }

    private static void openssl(Path dir, String... arguments) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>();
        command.add("openssl");
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("openssl.log").toFile()).start();
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IllegalStateException("openssl " + String.join(" ", arguments) + " failed: "
                    + Files.readString(dir.resolve("openssl.log")));
        }
    }
}
