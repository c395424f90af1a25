package io.bpmonitor.localstack;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Ports on 127.0.0.1 for servers that bind them a little later, often in another process (a broker, a node, the app's
 * child JVM). The OS's "any free port" would come from the ephemeral range every process on the machine draws from, so
 * with two test JVMs at once a port one of them picked could be taken by the other's server before its own bound it.
 * Here each JVM draws from a block of its own instead: Maven's forks by their fork number, anything else block 0; the
 * blocks lie below the Linux ephemeral range (32768–60999 by default), where the OS assigns no client port. Within a
 * JVM the block is handed out in turn, so a port comes round again only after the whole block has been. The turn starts
 * at a random port of the block, so two JVMs on one block (two builds at once) do not walk it in step.
 */
public final class FreePorts {

    /** The fork's number, {@code ${surefire.forkNumber}}, which surefire and failsafe set (pom.xml). */
    public static final String FORK_NUMBER_PROPERTY = "bp.fork-number";
    static final int FIRST_PORT = 20_000;
    static final int BLOCK_SIZE = 2_000;
    /** Blocks 0 to 5 end at 32,000, short of the ephemeral range. */
    static final int MAX_FORK_NUMBER = 5;

    /** Set in every JVM surefire and failsafe fork, and in no other. */
    private static final String SUREFIRE_CLASS_PATH_PROPERTY = "surefire.test.class.path";

    private static final FreePorts THIS_JVM = new FreePorts(forkNumber(System.getProperty(FORK_NUMBER_PROPERTY),
            System.getProperty(SUREFIRE_CLASS_PATH_PROPERTY) != null), ThreadLocalRandom.current().nextInt(BLOCK_SIZE));

    private final int first;
    private final AtomicInteger handedOut;

    /** The block of {@code forkNumber}, handed out from its {@code start}-th port on. */
    FreePorts(int forkNumber, int start) {
        if (forkNumber < 0 || forkNumber > MAX_FORK_NUMBER) {
            throw new IllegalStateException("Fork number " + forkNumber + " has no port block: at most "
                    + MAX_FORK_NUMBER + " test JVMs at once (forkCount)");
        }
        this.first = FIRST_PORT + forkNumber * BLOCK_SIZE;
        this.handedOut = new AtomicInteger(start);
    }

    /** A port of this JVM's block that nothing listens on at 127.0.0.1 right now. */
    public static int next() {
        return THIS_JVM.take();
    }

    int take() {
        for (int tried = 0; tried < BLOCK_SIZE; tried++) {
            int port = first + Math.floorMod(handedOut.getAndIncrement(), BLOCK_SIZE);
            if (PortCheck.isFree(port)) {
                return port;
            }
        }
        throw new IllegalStateException("No free port on 127.0.0.1 in " + first + "-" + (first + BLOCK_SIZE - 1));
    }

    int first() {
        return first;
    }

    /**
     * The fork number given in {@code property}; 0 outside Maven's forks (an IDE, the run command, the benchmark). A
     * fork without one would silently share block 0 with the other forks, so that fails.
     */
    static int forkNumber(String property, boolean inMavenFork) {
        if (property != null && property.matches("\\d{1,9}")) {
            return Integer.parseInt(property);
        }
        if (inMavenFork) {
            throw new IllegalStateException("System property " + FORK_NUMBER_PROPERTY + " is '" + property
                    + "', not a fork number: surefire and failsafe must pass it as $${surefire.forkNumber} (pom.xml)");
        }
        return 0;
    }
}
