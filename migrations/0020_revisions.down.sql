DROP TABLE IF EXISTS place_annotations;
DROP TABLE IF EXISTS place_proposals;
DROP TABLE IF EXISTS place_revisions;
