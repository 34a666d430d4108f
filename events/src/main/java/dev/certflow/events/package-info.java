/**
 * The message contract between certflow services: topic names, the JSON envelope, the payload
 * records and the sealing of private keys for transport. Plain Java; no framework.
 */
package dev.certflow.events;
