// A local Neo4j Community server for Backchannel's users and tests: embedded
// Neo4j with the Bolt connector on 127.0.0.1 only.
//
// Arguments: HOME PORT [--auth] [--tls] [--heap-tx]
//   --auth  authentication on; the password of the user neo4j is read from the
//           environment variable NEO4J_PASSWORD (never from the command line,
//           which other users of the machine can see) and set at every start.
//   --tls   Bolt accepts only TLS connections, with the certificate
//           HOME/certificates/bolt/public.crt and its key private.key (PEM). When
//           they are missing they are made from HOME/certificates/bolt/keystore.p12
//           (a self-signed key pair that kg.store.local_neo4j has keytool make), the
//           keystore's password read from the environment variable KG_KEYSTORE_PASSWORD.
// Without --auth authentication is off: the server then only serves this machine.
import java.io.FileInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.Key;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.configuration.ssl.ClientAuth;
import org.neo4j.configuration.ssl.SslPolicyConfig;
import org.neo4j.configuration.ssl.SslPolicyScope;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.io.ByteUnit;

public final class Launcher {
    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            fail("usage: Launcher HOME PORT [--auth] [--tls]");
        }
        Path home = Path.of(args[0]).toAbsolutePath();
        int port = Integer.parseInt(args[1]);
        boolean auth = false, tls = false;
        for (int i = 2; i < args.length; i++) {
            switch (args[i]) {
                case "--auth" -> auth = true;
                case "--tls" -> tls = true;
                default -> fail("unknown option " + args[i]);
            }
        }
        String password = System.getenv("NEO4J_PASSWORD");
        if (auth && (password == null || password.length() < 8)) {
            fail("--auth needs the password in NEO4J_PASSWORD (8 characters or more)");
        }
        // defaults a team's neo4j.conf beside the data may change (the page cache, the transaction timeout)...
        DatabaseManagementServiceBuilder builder = new DatabaseManagementServiceBuilder(home)
                .setConfig(GraphDatabaseSettings.pagecache_memory, ByteUnit.mebiBytes(256))
                .setConfig(GraphDatabaseSettings.transaction_timeout, Duration.ofMinutes(10));
        Path conf = home.resolve("neo4j.conf");
        if (Files.exists(conf)) {
            try {
                builder.loadPropertiesFromFile(conf);
            } catch (IllegalArgumentException e) {  // unreadable, or not a properties file
                fail(conf + ": " + e.getMessage());
            }
        }
        // ...and what it may not: loopback only, authentication and TLS as started (set after the file, so they win)
        builder.setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", port))
                .setConfig(BoltConnector.advertised_address, new SocketAddress("127.0.0.1", port))
                .setConfig(GraphDatabaseSettings.auth_enabled, auth);
        if (tls) {
            Path certs = home.resolve("certificates").resolve("bolt");
            ensurePem(certs);
            SslPolicyConfig bolt = SslPolicyConfig.forScope(SslPolicyScope.BOLT);
            builder.setConfig(bolt.enabled, true)
                    .setConfig(bolt.base_directory, certs)
                    .setConfig(bolt.private_key, certs.resolve("private.key"))
                    .setConfig(bolt.public_certificate, certs.resolve("public.crt"))
                    .setConfig(bolt.trusted_dir, certs.resolve("trusted"))
                    .setConfig(bolt.revoked_dir, certs.resolve("revoked"))
                    .setConfig(bolt.client_auth, ClientAuth.NONE)
                    .setConfig(BoltConnector.encryption_level, BoltConnector.EncryptionLevel.REQUIRED);
        }
        DatabaseManagementService dbms;
        try {
            dbms = builder.build();
        } catch (IllegalArgumentException e) {  // a setting of neo4j.conf Neo4j does not know, or a bad value
            fail((Files.exists(conf) ? conf + ": " : "") + e.getMessage());
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(dbms::shutdown));
        if (auth) {
            // Embedded access bypasses authentication: set the password here, so it never
            // travels on a command line nor through the default "neo4j" password.
            try {
                dbms.database("system").executeTransactionally(
                        "ALTER USER neo4j SET PLAINTEXT PASSWORD $password CHANGE NOT REQUIRED",
                        Map.of("password", password));
            } catch (RuntimeException e) {
                String message = String.valueOf(e.getMessage());
                if (!message.contains("cannot be the same")) {  // a restart with the same password
                    dbms.shutdown();
                    fail("setting the password failed: " + message);
                }
            }
        }
        String scheme = tls ? "bolt+ssc" : "bolt";
        System.out.println("READY " + scheme + "://127.0.0.1:" + port + (auth ? " auth" : ""));
        System.out.flush();
        Thread.currentThread().join();
    }

    /** Writes private.key (PKCS#8) and public.crt (X.509) as PEM from keystore.p12, once. */
    private static void ensurePem(Path certs) throws Exception {
        Path key = certs.resolve("private.key"), crt = certs.resolve("public.crt");
        Files.createDirectories(certs.resolve("trusted"));
        Files.createDirectories(certs.resolve("revoked"));
        if (Files.exists(key) && Files.exists(crt)) {
            return;
        }
        String storePassword = System.getenv("KG_KEYSTORE_PASSWORD");
        Path store = certs.resolve("keystore.p12");
        if (storePassword == null || !Files.exists(store)) {
            fail("--tls needs " + crt + " and " + key + ", or " + store + " with its password in KG_KEYSTORE_PASSWORD");
        }
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = new FileInputStream(store.toFile())) {
            ks.load(in, storePassword.toCharArray());
        }
        String alias = ks.aliases().nextElement();
        Key privateKey = ks.getKey(alias, storePassword.toCharArray());
        Certificate cert = ks.getCertificate(alias);
        Path tmp = certs.resolve("private.key.tmp");
        Files.deleteIfExists(tmp);
        Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(tmp, pem("PRIVATE KEY", privateKey.getEncoded()));
        Files.writeString(crt, pem("CERTIFICATE", cert.getEncoded()));
        Files.move(tmp, key);
        Files.delete(store);
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static void fail(String message) {
        System.err.println(message);
        System.exit(2);
    }
}
