// The reconnect policy: exponential backoff with jitter and a cap.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { backoffDelay, DEFAULT_BACKOFF } from '../src/switchboard.js';

test('backoff doubles from initialDelay up to the cap, less at most jitter of it', () => {
  const policy = DEFAULT_BACKOFF;
  assert.deepEqual([1, 2, 3, 4, 5, 6, 7, 20].map((n) => backoffDelay(n, policy, () => 0)),
    [500, 1000, 2000, 4000, 8000, 15000, 15000, 15000]);
  assert.deepEqual([1, 2, 6].map((n) => backoffDelay(n, policy, () => 0.999999)), [250, 500, 7500]);
});
