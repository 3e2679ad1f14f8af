/**
 * The timeline of an incident: timeline events, key moments, dead ends, live updates to every viewer.
 */
package org.hindsight.timeline;
