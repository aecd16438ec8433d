// Validates a CycloneDX 1.6 JSON document with the CycloneDX library's strict JSON validator.
// Usage: node validate.cjs FILE.cdx.json; exit 0 when valid, 1 with the errors when not.
'use strict';
const fs = require('fs');
const { Validation, Spec } = require('@cyclonedx/cyclonedx-library');

const validator = new Validation.JsonStrictValidator(Spec.Version.v1dot6);
validator.validate(fs.readFileSync(process.argv[2], 'utf8')).then(
  (errors) => {
    if (errors === null) {
      console.log('valid');
      process.exit(0);
    }
    console.log(JSON.stringify(errors, null, 2));
    process.exit(1);
  },
  (failure) => {
    console.error(String(failure));
    process.exit(2);
  });
