/**
 * The probe thread's entry (started by probe-thread.ts): it hosts the schedulers the main thread
 * asks for (scheduler-host.ts), so a tick starts its probe, and the probe's clock is read, on a
 * thread whose event loop does nothing else.
 */
import { isMainThread, parentPort } from 'node:worker_threads';
import { hostSchedules } from './scheduler-host';
import { runProbe } from '../probes/registry';

if (!isMainThread && parentPort) hostSchedules(parentPort, runProbe);
