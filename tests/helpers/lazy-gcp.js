module.exports = require("./lazy-sdk")("gcp");
