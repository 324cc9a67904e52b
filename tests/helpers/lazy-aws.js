module.exports = require("./lazy-sdk")("aws");
