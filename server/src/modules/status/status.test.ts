import { describe, expect, it } from 'vitest';
import { createTestApp } from '../../../test/harness.js';
import { VERSION } from '../../lib/version.js';

describe('health and version', () => {
  it('/health/live answers ok without touching anything', async () => {
    const { app } = await createTestApp();
    const response = await app.inject({ method: 'GET', url: '/health/live' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ok' });
  });

  it('/health/ready is 200 while the database answers and 503 once it is gone', async () => {
    const { app, database } = await createTestApp();
    const ready = await app.inject({ method: 'GET', url: '/health/ready' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toEqual({ ready: true });
    await database.db.destroy();
    const gone = await app.inject({ method: 'GET', url: '/health/ready' });
    expect(gone.statusCode).toBe(503);
    expect(gone.json()).toEqual({ ready: false });
  });

  it('/health/leader reports that a single controller leads', async () => {
    const { app } = await createTestApp();
    const response = await app.inject({ method: 'GET', url: '/health/leader' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ leader: true, node: 'test-node', leaderNode: 'test-node' });
  });

  it('/api/version is public and names the package version', async () => {
    const { app } = await createTestApp();
    const response = await app.inject({ method: 'GET', url: '/api/version' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ version: VERSION });
  });
});
