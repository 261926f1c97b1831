package dev.remoting.spring.cloud;

import org.springframework.context.SmartLifecycle;

/** Runs something when the context starts or stops the given phase: to stand where another component would. */
class PhaseLifecycle implements SmartLifecycle {

    private final int phase;
    private final Runnable onStart;
    private final Runnable onStop;
    private volatile boolean running;

    PhaseLifecycle(int phase, Runnable onStart, Runnable onStop) {
        this.phase = phase;
        this.onStart = onStart;
        this.onStop = onStop;
    }

    @Override
    public void start() {
        this.onStart.run();
        this.running = true;
    }

    @Override
    public void stop() {
        this.onStop.run();
        this.running = false;
    }

    @Override
    public boolean isRunning() {
        return this.running;
    }

    @Override
    public int getPhase() {
        return this.phase;
    }
}
