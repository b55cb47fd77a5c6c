module github.com/vanban/vanban

go 1.25.0

require (
	github.com/BurntSushi/toml v1.6.0
	github.com/nguyenthenguyen/docx v0.0.0-20230621112118-9c8e795a11db
	golang.org/x/text v0.40.0
)
