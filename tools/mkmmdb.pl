#!/usr/bin/perl
# mkmmdb.pl - build a small MaxMind DB file (GeoIP2 City layout) from a readable JSON list.
#
# Usage: perl tools/mkmmdb.pl SOURCE.json OUT.mmdb
#
# SOURCE.json holds an object:
#   "description"   text (or a map language -> text) stored in the metadata;
#   "database_type" optional, stored in the metadata (default below);
#   "build_epoch"   optional whole number of seconds stored in the metadata, so that two
#                   builds give the same bytes; SOURCE_DATE_EPOCH, when set, wins; 0 if neither;
#   "networks"      a list of records, each with "network" (a CIDR, IPv4 or IPv6) and the
#                   data for it: "city" {"names": {lang: name}}, "country" {"iso_code"},
#                   "location" {"latitude", "longitude"}. Every part is optional.
#
# Needs Debian's libmaxmind-db-writer-perl (MaxMind::DB::Writer::Tree). JSON::PP is core.
# The output is written to OUT.mmdb.tmp and renamed over OUT.mmdb, so a failed build never
# leaves a half-written database. Any error ends the script with a message and status 1.
use strict;
use warnings;

use JSON::PP ();
use MaxMind::DB::Writer::Tree;

my $PROG = 'mkmmdb';

# The type of each map key the GeoIP2 City layout uses. The keys of a "names" map are
# language codes ("en", "fr", "pt-BR"...), and their values are strings.
my %KEY_TYPE = (
    city      => 'map',
    country   => 'map',
    location  => 'map',
    names     => 'map',
    iso_code  => 'utf8_string',
    latitude  => 'double',
    longitude => 'double',
);

sub key_type {
    my ($key) = @_;
    return $KEY_TYPE{$key} if exists $KEY_TYPE{$key};
    return 'utf8_string' if $key =~ /\A[a-z]{2,3}(?:-[A-Za-z]{2,4})?\z/;
    die "unknown key \"$key\": add its type to mkmmdb.pl\n";
}

sub read_source {
    my ($path) = @_;
    open my $fh, '<:raw', $path or die "cannot read $path: $!\n";
    local $/;
    my $text = <$fh>;
    close $fh;
    my $src = eval { JSON::PP->new->utf8->decode($text) };
    die "$path is not valid JSON: $@" unless defined $src;
    die "$path: the top level must be an object\n" unless ref $src eq 'HASH';
    die "$path: \"networks\" must be a list\n" unless ref $src->{networks} eq 'ARRAY';
    return $src;
}

# A copy of one record without its "network" key, checked against the layout. Numbers
# come out of JSON::PP as Perl numbers, which the writer stores as doubles.
sub record_data {
    my ( $rec, $i ) = @_;
    die "networks[$i] must be an object\n" unless ref $rec eq 'HASH';
    my %data = %{$rec};
    delete $data{network};
    die "networks[$i] has no data besides its network\n" unless %data;
    for my $part ( keys %data ) {
        die "networks[$i].$part must be an object\n" unless ref $data{$part} eq 'HASH';
    }
    if ( my $loc = $data{location} ) {
        for my $k (qw(latitude longitude)) {
            my $v = $loc->{$k};
            die "networks[$i].location.$k must be a number\n"
                unless defined $v && !ref $v && $v =~ /\A-?\d+(?:\.\d+)?\z/;
        }
        die "networks[$i].location: latitude out of range\n" if abs $loc->{latitude} > 90;
        die "networks[$i].location: longitude out of range\n" if abs $loc->{longitude} > 180;
    }
    if ( my $city = $data{city} ) {
        die "networks[$i].city.names must be an object\n"
            if exists $city->{names} && ref $city->{names} ne 'HASH';
    }
    return \%data;
}

sub build_epoch {
    my ($src) = @_;
    for my $v ( $ENV{SOURCE_DATE_EPOCH}, $src->{build_epoch} ) {
        next unless defined $v && length $v;
        die "build epoch \"$v\" is not a whole number of seconds\n" unless $v =~ /\A\d+\z/;
        return 0 + $v;
    }
    return 0;
}

sub main {
    die "usage: perl tools/mkmmdb.pl SOURCE.json OUT.mmdb\n" unless @ARGV == 2;
    my ( $source, $out ) = @ARGV;
    my $src = read_source($source);

    my $desc = $src->{description} // 'test database';
    $desc = { en => $desc } unless ref $desc;
    die "$source: \"description\" must be text or an object\n" unless ref $desc eq 'HASH';

    my $tree = MaxMind::DB::Writer::Tree->new(
        ip_version    => 6,
        record_size   => 24,
        database_type => $src->{database_type} // 'Solidarity-GeoIP2-City-Test',
        languages     => [ 'en', 'fr' ],
        description   => $desc,
        # IPv4 networks are stored once under ::/96 and also reached through the
        # IPv4-mapped (::ffff:0:0/96) and 6to4 (2002::/16) ranges, as in MaxMind's files.
        alias_ipv6_to_ipv4 => 1,
        # Keep loopback and documentation ranges: they are all this database maps.
        remove_reserved_networks => 0,
        map_key_type_callback    => \&key_type,
    );
    # The writer stamps the build time into the metadata by default; a fixed value keeps
    # the output byte-for-byte reproducible. The setter is the one the module's own tests use.
    $tree->_set_build_epoch( build_epoch($src) );

    my $i = 0;
    for my $rec ( @{ $src->{networks} } ) {
        my $data = record_data( $rec, $i );
        my $net  = $rec->{network};
        die "networks[$i]: \"network\" must be a CIDR such as 192.0.2.0/24\n"
            unless defined $net && !ref $net && $net =~ m{\A[0-9A-Fa-f:.]+/\d{1,3}\z};
        eval { $tree->insert_network( $net, $data ); 1 }
            or die "networks[$i] ($net): $@";
        $i++;
    }

    my $tmp = "$out.tmp";
    my $ok  = eval {
        open my $fh, '>:raw', $tmp or die "cannot write $tmp: $!\n";
        $tree->write_tree($fh);
        close $fh or die "cannot write $tmp: $!\n";
        rename $tmp, $out or die "cannot rename $tmp to $out: $!\n";
        1;
    };
    unless ($ok) {
        my $err = $@;
        unlink $tmp;
        die $err;
    }
    return;
}

eval { main(); 1 } or do {
    my $err = $@ || "unknown error\n";
    $err .= "\n" unless $err =~ /\n\z/;
    print STDERR "$PROG: $err";
    exit 1;
};
exit 0;
