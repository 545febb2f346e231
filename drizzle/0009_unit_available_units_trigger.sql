-- Keeps unit_type.available_units equal to the number of its units with status 'available'.
-- A trigger (not application code) so bulk inserts, imports and manual fixes all stay correct.
CREATE OR REPLACE FUNCTION unit_type_available_units_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.status = 'available' THEN
    UPDATE unit_type SET available_units = available_units - 1 WHERE id = OLD.unit_type_id;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.status = 'available' THEN
    UPDATE unit_type SET available_units = available_units + 1 WHERE id = NEW.unit_type_id;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
DROP TRIGGER IF EXISTS unit_available_units_insert_delete ON unit;
--> statement-breakpoint
CREATE TRIGGER unit_available_units_insert_delete AFTER INSERT OR DELETE ON unit
  FOR EACH ROW EXECUTE FUNCTION unit_type_available_units_sync();
--> statement-breakpoint
DROP TRIGGER IF EXISTS unit_available_units_update ON unit;
--> statement-breakpoint
CREATE TRIGGER unit_available_units_update AFTER UPDATE OF status, unit_type_id ON unit
  FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.unit_type_id IS DISTINCT FROM NEW.unit_type_id)
  EXECUTE FUNCTION unit_type_available_units_sync();
--> statement-breakpoint
UPDATE unit_type ut SET available_units = (SELECT count(*) FROM unit u WHERE u.unit_type_id = ut.id AND u.status = 'available');
