# Sourced by the fetch-*.sh scripts: download a Debian package for another
# architecture without installing it (apt's index may be stale: retried once
# after an update), and make sure dpkg knows that architecture.

deb_ensure_arch() { # arch...
	local arch
	for arch in "$@"; do
		dpkg --print-foreign-architectures | grep -qx "$arch" || {
			dpkg --add-architecture "$arch" && apt-get update -q >/dev/null 2>&1 || true
		}
	done
}

deb_download() { # package:arch dir -> prints the .deb's path
	local pkg=$1 dir=$2 try deb
	for try in 1 2 3; do
		(cd "$dir" && apt-get download -q "$pkg" >/dev/null 2>&1) && break
		[ "$try" = 1 ] && apt-get update -q >/dev/null 2>&1
		sleep 2
	done
	deb=$(ls "$dir/${pkg%%:*}"_*_"${pkg##*:}".deb 2>/dev/null | head -1)
	[ -n "$deb" ] || { echo "cannot download $pkg" >&2; return 1; }
	echo "$deb"
}
