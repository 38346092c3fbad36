/**
 * Finds a half-open connection (one whose close event never comes): after `interval` ms of silence
 * from the server, ping it; with no frame at all within `timeout` ms after that, it is dead.
 * @module switchboard/liveness
 */

/**
 * @param {object} o
 * @param {number} o.interval ms of silence before a ping; 0 turns the check off
 * @param {number} o.timeout ms to wait for any frame after the ping
 * @param {() => number} o.lastFrameAt when the last frame came (Date.now() time)
 * @param {() => void} o.ping sends a ping
 * @param {() => void} o.dead called once when no frame came in time
 * @returns {() => void} stops watching
 */
export function watchLiveness({ interval, timeout, lastFrameAt, ping, dead }) {
  if (!interval) return () => {};
  let timer;
  let stopped = false;
  const arm = (fn, ms) => {
    timer = setTimeout(fn, ms);
    timer?.unref?.(); // in Node, a check alone must not keep the process alive
  };
  const tick = () => {
    if (stopped) return;
    const quiet = Date.now() - lastFrameAt();
    if (quiet < interval) {
      arm(tick, interval - quiet);
      return;
    }
    const sentAt = Date.now();
    ping();
    arm(() => {
      if (stopped) return;
      if (lastFrameAt() < sentAt) dead();
      else tick();
    }, timeout);
  };
  arm(tick, interval);
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}
