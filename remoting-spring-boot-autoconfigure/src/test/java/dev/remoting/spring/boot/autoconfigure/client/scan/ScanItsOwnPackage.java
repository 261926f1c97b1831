package dev.remoting.spring.boot.autoconfigure.client.scan;

import dev.remoting.spring.annotation.ImportRemotingClients;

/** Names neither types nor packages: its own package is scanned. */
@ImportRemotingClients(client = "audit")
public class ScanItsOwnPackage {
}
