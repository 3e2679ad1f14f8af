-- Text that fits no other field of the incident: what an imported postmortem said beyond the known sections.
ALTER TABLE incident ADD COLUMN notes VARCHAR(20000);
