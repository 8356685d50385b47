// Loaded by path (DataConverter.failureConverterPath) in every client and worker and bundled into the workflow
// sandbox, so it is plain CommonJS that Node and the bundler load alike. Failure messages and stack traces name dates,
// sites and ids: they go into an encoded attribute that the payload codec encrypts like every other payload.
const { DefaultFailureConverter } = require('@temporalio/common');

exports.failureConverter = new DefaultFailureConverter({ encodeCommonAttributes: true });
