package io.bpmonitor.tls;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** Trust built from a PEM file of CA certificates, the form Elasticsearch's certutil and openssl write. */
public final class PemCertificates {

    private PemCertificates() {
    }

    /**
     * Every certificate in the file (one or more {@code -----BEGIN CERTIFICATE-----} blocks).
     *
     * @throws IOException when the file cannot be read
     * @throws GeneralSecurityException when it holds no certificate or a malformed one
     */
    public static List<Certificate> read(Path pem) throws IOException, GeneralSecurityException {
        CertificateFactory factory = CertificateFactory.getInstance("X.509");
        Collection<? extends Certificate> certificates;
        try (InputStream in = Files.newInputStream(pem)) {
            certificates = factory.generateCertificates(in);
        }
        if (certificates.isEmpty()) {
            throw new GeneralSecurityException("no PEM certificate in " + pem);
        }
        return new ArrayList<>(certificates);
    }

    /** A trust store holding only the certificates of {@code pem}: the system CAs are not trusted alongside. */
    public static KeyStore trustStore(Path pem) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        int i = 0;
        for (Certificate certificate : read(pem)) {
            store.setCertificateEntry("ca-" + i++, certificate);
        }
        return store;
    }

    /** A TLS context that trusts exactly the CA certificates in {@code pem}. */
    public static SSLContext sslContextTrusting(Path pem) throws IOException, GeneralSecurityException {
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trustStore(pem));
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }
}
