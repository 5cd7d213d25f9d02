// proclab-engine: placeholder entry until the lesson protocol lands.
int main() {
    return 0;
}
