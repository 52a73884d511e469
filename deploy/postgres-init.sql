-- The Shotflow catalog lives beside Temporal's databases; Flyway creates its tables on first start.
CREATE DATABASE shotflow OWNER temporal;
