// Package emutest starts an Identity Center emulator for other packages' tests: a real HTTP
// server on 127.0.0.1, closed when the test ends, with a ready aws.Config, the environment
// variables that point the AWS CLI, boto3 and awsso at it, an AWS_DATA_PATH folder for the AWS
// CLI v2, and a headless Chromium that clicks through the sign-in and consent pages.
package emutest
