import type { FastifyInstance } from 'fastify';
import type { Gateway } from '../../server/create-gateway.js';

/** Seed 002's AIgo REST API under /api/v1. */
export async function aigoDialect(_app: FastifyInstance, _gateway: Gateway): Promise<void> {}
