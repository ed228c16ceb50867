/**
 * Harvesting: which records an OAI-PMH harvester may collect, with their datestamps, sets and pages. A record is a
 * published or withdrawn version of a public model; the surface ({@code api.oai}) speaks the protocol.
 */
package org.stele.archive.harvesting;
