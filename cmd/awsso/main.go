// Command awsso is a fast, file-compatible companion to the AWS CLI for IAM Identity Center.
package main

import (
	"os"

	"github.com/awsso/awsso/internal/app"
)

func main() { os.Exit(app.Main()) }
