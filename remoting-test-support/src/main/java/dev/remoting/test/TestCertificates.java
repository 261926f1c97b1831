package dev.remoting.test;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PKCS8Generator;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Certificates made at test time, so that no private key is ever committed: a certificate authority, and server and
 * client certificates it signs (EC P-256, valid from an hour ago for a day). Each can be written as PEM files.
 * <pre>
 * TestCertificates.Authority ca = TestCertificates.authority("test CA");
 * TestCertificates.Issued server = ca.server("localhost", "127.0.0.1"); // SAN DNS localhost + IP 127.0.0.1
 * TestCertificates.Issued client = ca.client("test client");
 * </pre>
 */
public final class TestCertificates {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

    private TestCertificates() {
    }

    /** A new self-signed certificate authority. */
    public static Authority authority(String commonName) {
        KeyPair keys = newKeyPair();
        X500Name name = new X500Name("CN=" + commonName + ",O=remoting tests");
        try {
            JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = builder(name, name, keys);
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            builder.addExtension(Extension.subjectKeyIdentifier, false,
                    utils.createSubjectKeyIdentifier(keys.getPublic()));
            return new Authority(sign(builder, keys.getPrivate()), keys.getPrivate());
        } catch (IOException | GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException("cannot make a test CA", e);
        }
    }

    private static X509v3CertificateBuilder builder(X500Name issuer, X500Name subject, KeyPair keys) {
        Instant now = Instant.now();
        return new JcaX509v3CertificateBuilder(issuer, BigInteger.valueOf(SERIAL.incrementAndGet()),
                Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(1))), subject,
                keys.getPublic());
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey signer)
            throws OperatorCreationException, GeneralSecurityException {
        return new JcaX509CertificateConverter()
                .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(signer)));
    }

    private static KeyPair newKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A certificate authority that issues certificates. */
    public static final class Authority {
        private final X509Certificate certificate;
        private final PrivateKey key;

        private Authority(X509Certificate certificate, PrivateKey key) {
            this.certificate = certificate;
            this.key = key;
        }

        public X509Certificate certificate() {
            return certificate;
        }

        /**
         * A server certificate for the given names; each is an IP address (v4 or v6 literal) or a DNS name, and
         * becomes a subject alternative name. The common name is the first.
         */
        public Issued server(String... names) {
            return issue(names[0], List.of(names), true);
        }

        /** A client certificate (usable for client authentication only). */
        public Issued client(String commonName) {
            return issue(commonName, List.of(), false);
        }

        private Issued issue(String commonName, List<String> names, boolean server) {
            KeyPair keys = newKeyPair();
            try {
                JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
                X509v3CertificateBuilder builder = builder(
                        X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded()),
                        new X500Name("CN=" + commonName + ",O=remoting tests"), keys);
                builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
                builder.addExtension(Extension.keyUsage, true,
                        new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyAgreement));
                builder.addExtension(Extension.extendedKeyUsage, false,
                        new ExtendedKeyUsage(server ? KeyPurposeId.id_kp_serverAuth : KeyPurposeId.id_kp_clientAuth));
                builder.addExtension(Extension.authorityKeyIdentifier, false,
                        utils.createAuthorityKeyIdentifier(certificate));
                builder.addExtension(Extension.subjectKeyIdentifier, false,
                        utils.createSubjectKeyIdentifier(keys.getPublic()));
                if (!names.isEmpty()) {
                    List<GeneralName> alternatives = new ArrayList<>();
                    for (String name : names) {
                        alternatives.add(isIpLiteral(name) ? new GeneralName(GeneralName.iPAddress, name)
                                : new GeneralName(GeneralName.dNSName, name));
                    }
                    builder.addExtension(Extension.subjectAlternativeName, false,
                            new GeneralNames(alternatives.toArray(GeneralName[]::new)));
                }
                return new Issued(sign(builder, key), keys.getPrivate(), this);
            } catch (IOException | GeneralSecurityException | OperatorCreationException e) {
                throw new IllegalStateException("cannot issue a test certificate", e);
            }
        }

        /** Writes the CA certificate as a PEM file and returns its path. */
        public Path writeCertificate(Path dir, String fileName) {
            return write(dir.resolve(fileName), pem("CERTIFICATE", encoded(certificate)));
        }

        /** A trust manager factory that trusts this CA only. */
        public TrustManagerFactory trustManagerFactory() {
            try {
                KeyStore store = KeyStore.getInstance("PKCS12");
                store.load(null, null);
                store.setCertificateEntry("ca", certificate);
                TrustManagerFactory factory = TrustManagerFactory.getInstance(
                        TrustManagerFactory.getDefaultAlgorithm());
                factory.init(store);
                return factory;
            } catch (GeneralSecurityException | IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** A certificate with its private key, signed by an {@link Authority}. */
    public static final class Issued {
        private final X509Certificate certificate;
        private final PrivateKey key;
        private final Authority issuer;

        private Issued(X509Certificate certificate, PrivateKey key, Authority issuer) {
            this.certificate = certificate;
            this.key = key;
            this.issuer = issuer;
        }

        public X509Certificate certificate() {
            return certificate;
        }

        public PrivateKey key() {
            return key;
        }

        public Authority issuer() {
            return issuer;
        }

        /** Writes the certificate followed by its issuer's (the chain) as a PEM file and returns its path. */
        public Path writeCertificate(Path dir, String fileName) {
            return write(dir.resolve(fileName), pem("CERTIFICATE", encoded(certificate))
                    + pem("CERTIFICATE", encoded(issuer.certificate)));
        }

        /** Writes the private key as an unencrypted PKCS#8 PEM file and returns its path. */
        public Path writeKey(Path dir, String fileName) {
            return write(dir.resolve(fileName), pem("PRIVATE KEY", key.getEncoded()));
        }

        /** Writes the private key as a password-encrypted PKCS#8 PEM file (PBES2, AES-256-CBC) and returns its path. */
        public Path writeEncryptedKey(Path dir, String fileName, String password) {
            try {
                JcaPKCS8Generator generator = new JcaPKCS8Generator(key,
                        new JceOpenSSLPKCS8EncryptorBuilder(PKCS8Generator.AES_256_CBC)
                                .setProvider(new BouncyCastleProvider()).setPRF(PKCS8Generator.PRF_HMACSHA256)
                                .setRandom(RANDOM).setPassword(password.toCharArray()).build());
                StringWriter text = new StringWriter();
                try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
                    writer.writeObject(generator);
                }
                return write(dir.resolve(fileName), text.toString());
            } catch (IOException | OperatorCreationException e) {
                throw new IllegalStateException("cannot encrypt a test key", e);
            }
        }

        /** A key manager factory that presents this certificate (and its issuer's). */
        public KeyManagerFactory keyManagerFactory() {
            try {
                char[] password = "changeit".toCharArray();
                KeyStore store = KeyStore.getInstance("PKCS12");
                store.load(null, null);
                store.setKeyEntry("key", key, password, new java.security.cert.Certificate[] {certificate,
                        issuer.certificate});
                KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                factory.init(store, password);
                return factory;
            } catch (GeneralSecurityException | IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** A JDK client SSLContext that trusts {@code trusted} only, for raw TLS sockets in tests. */
    public static SSLContext clientSslContext(Authority trusted) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trusted.trustManagerFactory().getTrustManagers(), RANDOM);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean isIpLiteral(String name) {
        if (name.indexOf(':') >= 0) {
            return true;
        }
        if (!name.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
            return false;
        }
        try {
            InetAddress.getByName(name);
            return true;
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static byte[] encoded(X509Certificate certificate) {
        try {
            return certificate.getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static Path write(Path file, String text) {
        try {
            Files.writeString(file, text, StandardCharsets.US_ASCII);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
