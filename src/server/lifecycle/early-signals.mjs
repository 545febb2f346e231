/**
 * Preloaded before everything else (`node --import ./src/server/lifecycle/early-signals.mjs
 * --import tsx server.ts`, the image's command): plain JavaScript, so it runs before tsx's loader,
 * which alone takes a second or two to start on a loaded machine. Until then Node's default for
 * SIGTERM is death by the signal (exit 143) in the middle of start-up. From here on a SIGTERM is
 * remembered and handed to the process's own handler once it registers one
 * (`handleStopSignals`, ./signals.ts), which stops the start-up cleanly with exit 0. SIGINT (Ctrl-C),
 * or a second signal, before that handler exists ends the process at once.
 */
const state = { pending: null, handler: null };
globalThis.__storageAgentSignals = state;
for (const signal of ["SIGTERM", "SIGINT"])
  process.on(signal, () => {
    if (state.handler) state.handler(signal);
    else if (signal === "SIGINT" || state.pending) process.exit(signal === "SIGINT" ? 130 : 143);
    else state.pending = signal;
  });
