// Tracking tokens: 128 random bits from the OS CSPRNG, base64url (22 characters). The printed
// QR code and the trackUrl carry one; nothing about the ticket (number, day, order) is in it.
import crypto from 'node:crypto';

export const newTrackToken = (): string => crypto.randomBytes(16).toString('base64url');

/** Receipt tokens are stored only as this hash: the hall never needs the token back. */
export const tokenHash = (token: string): string => crypto.createHash('sha256').update(token).digest('hex');

/** The tracking page of a ticket, under the hall's public base URL. */
export const ticketTrackUrl = (base: string, token: string): string => `${base.replace(/\/+$/, '')}/#/track/${token}`;
